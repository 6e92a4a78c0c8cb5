/** Minimal JSON edits (jsonc-parser) as splices, keeping the file's formatting. */
import { modify, type ModificationOptions, type JSONPath } from 'jsonc-parser';
import type { Splice } from './splice.js';
import { detectEol, detectIndent } from './style.js';

export function jsonSet(
  text: string,
  path: JSONPath,
  value: unknown,
  options: Partial<ModificationOptions> = {},
): Splice[] {
  const indent = detectIndent(text);
  // A one-line document stays on one line: formatting options would make jsonc-parser reprint all of it.
  const oneLine = !text.trim().includes('\n');
  const edits = modify(text, path, value, {
    ...(oneLine
      ? {}
      : {
          formattingOptions: {
            insertSpaces: indent !== '\t',
            tabSize: indent === '\t' ? 1 : indent.length,
            eol: detectEol(text),
          },
        }),
    ...options,
  });
  return edits.map((e) => ({ start: e.offset, end: e.offset + e.length, text: e.content }));
}

/** Building findings from offsets in a source file. */
import { lineColumn } from '../edit/lines.js';
import type { CheckFinding } from './types.js';
import type { SourceFile } from './sources.js';

export function findingAt(
  source: SourceFile,
  offset: number,
  finding: Omit<CheckFinding, 'file' | 'line' | 'column'>,
): CheckFinding {
  const { line, column } = lineColumn(source.text, offset);
  return { ...finding, file: source.file, line, column };
}

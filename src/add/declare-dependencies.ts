/**
 * With --no-install nothing runs the package manager, so add declares the planned
 * packages in package.json itself (minimal jsonc-parser edits in the file's own
 * indentation and line endings, keys in name order where the file keeps them so); a
 * later install then installs them. With an install the package manager writes
 * package.json, and this step is skipped.
 */
import { compareText } from '../core/compare-text.js';
import type { PlanBuilder, Splice } from '../core/plan.js';
import { parseJsonText } from '../edit/json-text.js';
import { jsonSet } from '../edit/json.js';
import { applySplices, spliceBetween } from '../edit/splice.js';

const FILE = 'package.json';

function insertionIndex(name: string) {
  return (keys: string[]): number => {
    const sorted = keys.every((k, i) => i === 0 || compareText(keys[i - 1], k) <= 0);
    if (!sorted) return keys.length;
    const at = keys.findIndex((k) => compareText(k, name) > 0);
    return at === -1 ? keys.length : at;
  };
}

export async function declareDependencies(builder: PlanBuilder): Promise<void> {
  const original = builder.original(FILE);
  const current = builder.current(FILE);
  if (original === null || current === null || builder.plan.dependencies.length === 0) return;
  let text = current;
  for (const dep of [...builder.plan.dependencies].sort((a, b) => compareText(a.name, b.name))) {
    const section = dep.dev ? 'devDependencies' : 'dependencies';
    const held = parseJsonText<Record<string, unknown>>(text)[section];
    if (held && typeof held === 'object' && dep.name in held) continue;
    text = applySplices(
      text,
      jsonSet(text, [section, dep.name], dep.version, { getInsertionIndex: insertionIndex(dep.name) }),
    );
  }
  if (text === current) return;
  // One splice per changed place, against the original text, replacing the plan's earlier
  // package.json splices (install-script permissions), so remove finds each change on its own.
  builder.replaceEdit(
    FILE,
    await hunks(original, text),
    'declares the session packages, for the install command below (--no-install)',
    'package-manifest',
  );
}

/** True when `offset` is inside a JSON string on its line (an odd number of unescaped quotes before it). */
function insideString(text: string, offset: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return (line.replace(/\\./g, '').match(/"/g)?.length ?? 0) % 2 === 1;
}

/** Widens a splice so it never starts or ends inside a JSON string: each key it adds is then whole in its text. */
function wholeStrings(text: string, splice: Splice): Splice {
  let { start, end, text: inserted } = splice;
  if (insideString(text, start)) {
    const open = text.lastIndexOf('"', start - 1);
    inserted = text.slice(open, start) + inserted;
    start = open;
  }
  if (insideString(text, end)) {
    const close = text.indexOf('"', end) + 1;
    inserted += text.slice(end, close);
    end = close;
  }
  return { start, end, text: inserted };
}

/** The changes between two texts as one splice per group of changed lines, trimmed to what differs. */
async function hunks(before: string, after: string): Promise<Splice[]> {
  const { diffLines } = await import('diff');
  const splices: Splice[] = [];
  let offset = 0;
  let open: { start: number; removed: string; added: string } | null = null;
  const close = () => {
    if (!open) return;
    const s = spliceBetween(open.removed, open.added);
    splices.push(wholeStrings(before, { start: open.start + s.start, end: open.start + s.end, text: s.text }));
    open = null;
  };
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      close();
      offset += part.value.length;
      continue;
    }
    open ??= { start: offset, removed: '', added: '' };
    if (part.added) open.added += part.value;
    else {
      open.removed += part.value;
      offset += part.value.length;
    }
  }
  close();
  return splices;
}

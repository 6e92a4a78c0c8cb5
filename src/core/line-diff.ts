/**
 * Unified diffs of a file's change for people. A plan's edits touch a few places of a
 * file, so the lines all versions share at the start and at the end are cut before
 * jsdiff sees the text (keeping the context lines) and the hunk headers are shifted
 * back: a 40,000-line setup file with two inserted lines costs a diff of a dozen lines.
 */
type Diff = typeof import('diff');

/** Lines with their newline, so joining them gives back the text (indexOf: a split on a lookbehind is far slower). */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The middle that differs, with `context` shared lines kept on each side; `skipped` lines precede it. */
function middle(before: string, after: string, context: number): { before: string; after: string; skipped: number } {
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const skipped = Math.max(0, prefix - context);
  const cut = Math.max(0, suffix - context);
  return {
    before: a.slice(skipped, a.length - cut).join(''),
    after: b.slice(skipped, b.length - cut).join(''),
    skipped,
  };
}

/** createTwoFilesPatch over the changed middle only, with line numbers of the whole files. */
export function unifiedPatch(
  diff: Diff,
  oldName: string,
  newName: string,
  before: string,
  after: string,
  context: number,
): string {
  if (before === '' || after === '') return wholeFilePatch(diff, oldName, newName, before, after);
  const part = middle(before, after, context);
  const patch = diff.createTwoFilesPatch(oldName, newName, part.before, part.after, '', '', { context });
  if (part.skipped === 0) return patch;
  const shift = (start: string, count: string | undefined) =>
    // A side with no lines names the line before the change: shifted the same way.
    `${Number(start) + part.skipped}${count ?? ''}`;
  return patch.replace(
    /^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm,
    (_m, oldStart: string, oldCount: string | undefined, newStart: string, newCount: string | undefined) =>
      `@@ -${shift(oldStart, oldCount)} +${shift(newStart, newCount)} @@`,
  );
}

/**
 * A file created or emptied: one hunk of every line, written out as jsdiff writes it
 * (its header, `\\ No newline at end of file` after a last line without one) without
 * running its diff over a whole new file.
 */
function wholeFilePatch(diff: Diff, oldName: string, newName: string, before: string, after: string): string {
  const header = diff.createTwoFilesPatch(oldName, newName, '', '', '', '');
  const text = before === '' ? after : before;
  if (text === '') return header;
  const lines = splitLines(text);
  const sign = before === '' ? '+' : '-';
  const range = before === '' ? `-0,0 +1,${lines.length}` : `-1,${lines.length} +0,0`;
  const body = lines.map((line) => sign + (line.endsWith('\n') ? line : `${line}\n\\ No newline at end of file\n`));
  return `${header}@@ ${range} @@\n${body.join('')}`;
}

/** Lines added and removed, as a line diff of the whole files counts them. */
export function changedLineCounts(diff: Diff, before: string, after: string): { added: number; removed: number } {
  const part = middle(before, after, 0);
  let added = 0;
  let removed = 0;
  for (const change of diff.diffLines(part.before, part.after)) {
    if (change.added) added += change.count ?? 0;
    else if (change.removed) removed += change.count ?? 0;
  }
  return { added, removed };
}

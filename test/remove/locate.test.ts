/** Finding add's insertions again in a file the user has edited since. */
import { describe, expect, it } from 'vitest';
import type { ManifestInsertion } from '../../src/core/manifest.js';
import { applySplices } from '../../src/edit/splice.js';
import { undoInsertions } from '../../src/remove/locate.js';

const insertion = (text: string, before: string, after: string, replaced = ''): ManifestInsertion => ({
  text,
  replaced,
  before,
  after,
  line: 1,
});

describe('undoInsertions', () => {
  it('picks the occurrence whose surroundings match the recorded original text', () => {
    const text = 'a();\nuse(x);\nb();\nuse(x);\nc();\n';
    const result = undoInsertions(text, [insertion('use(x);\n', 'b();\n', 'c();\n')]);
    expect(result.conflicts).toEqual([]);
    expect(applySplices(text, result.splices)).toBe('a();\nuse(x);\nb();\nc();\n');
  });

  it('counts an insertion the user already took out as done', () => {
    const result = undoInsertions('a();\nb();\n', [insertion('use(x);\n', 'a();\n', 'b();\n')]);
    expect(result).toMatchObject({ splices: [], conflicts: [], alreadyGone: 1 });
  });

  it('reports a changed insertion as a conflict at the line where it was', () => {
    const result = undoInsertions('a();\nuse(x, y);\nb();\n', [insertion('use(x);\n', 'a();\n', 'b();\n')]);
    expect(result.conflicts.map((c) => c.line)).toEqual([2]);
    expect(result.splices).toEqual([]);
  });

  it('puts back text a replacement or deletion took out', () => {
    const replaced = undoInsertions('{ "a": 1, "b": 2 }', [insertion(', "b": 2', '{ "a": 1', ' }')]);
    expect(applySplices('{ "a": 1, "b": 2 }', replaced.splices)).toBe('{ "a": 1 }');
    const deleted = undoInsertions('one\nthree\n', [insertion('', 'one\n', 'three\n', 'two\n')]);
    expect(applySplices('one\nthree\n', deleted.splices)).toBe('one\ntwo\nthree\n');
  });
});

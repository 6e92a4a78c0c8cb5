/**
 * The quick parser against tree-sitter itself: whenever it accepts a file, its tree
 * must equal tree-sitter's node for node (types, ranges, fields, comment placement),
 * and a file tree-sitter finds an error in must never be accepted.
 */
import { describe, expect, it } from 'vitest';
import { parseRustSubset } from '../../../../src/edit/rust/subset/parser.js';
import { parseRust } from '../../../../src/edit/rust/parse.js';
import { fixtureRustFiles, generatedBlueprint, mutated } from './corpus.js';
import { dumpTree } from './tree-dump.js';

async function agree(text: string): Promise<'accepted' | 'declined'> {
  const quick = parseRustSubset(text);
  if (!quick) return 'declined';
  const tree = await parseRust(text);
  expect(tree.rootNode.hasError, `quick parser accepted a file tree-sitter rejects:\n${text}`).toBe(false);
  expect(dumpTree(quick), text).toBe(dumpTree(tree.rootNode));
  return 'accepted';
}

describe('quick Rust parser', () => {
  it('builds the same tree as tree-sitter for every blueprint.rs of the Pavex fixtures, and accepts them all', async () => {
    const files = fixtureRustFiles();
    const blueprints = files.filter((f) => f.name.endsWith('blueprint.rs'));
    expect(blueprints.length).toBeGreaterThanOrEqual(12);
    for (const file of blueprints) expect(await agree(file.text), file.name).toBe('accepted');
    // The connection module add writes for a Pavex store: verify reads it without tree-sitter.
    const stores = files.filter((f) => f.name.startsWith('pavex-') && f.name.endsWith('session_store.rs'));
    expect(stores.length).toBeGreaterThanOrEqual(3);
    for (const file of stores) expect(await agree(file.text), file.name).toBe('accepted');
    // Other Rust files of the fixtures: agreement whenever accepted.
    for (const file of files) await agree(file.text);
  });

  it('builds the same tree as tree-sitter for 600 generated blueprints, and accepts them all', async () => {
    for (let seed = 1; seed <= 600; seed++) {
      const text = generatedBlueprint(seed);
      expect(await agree(text), `seed ${seed}:\n${text}`).toBe('accepted');
    }
  });

  it('never accepts a damaged file that tree-sitter rejects, and agrees on those it accepts (4,000 mutations)', async () => {
    let accepted = 0;
    let declined = 0;
    for (let seed = 1; seed <= 4000; seed++) {
      const text = mutated(generatedBlueprint(seed % 600), seed);
      if ((await agree(text)) === 'accepted') accepted++;
      else declined++;
    }
    // Both outcomes occur: the check above is exercised on accepted files.
    expect(accepted).toBeGreaterThan(500);
    expect(declined).toBeGreaterThan(500);
    // 8,000 parses: about 14 s alone on 2 cores, more on a loaded machine.
  }, 60_000);

  it('reads the axum and actix-web fixtures as tree-sitter does, and their mutations (2,000)', async () => {
    const files = fixtureRustFiles().filter((f) => /^(check-)?(axum|actix-web)/.test(f.name));
    expect(files.length).toBeGreaterThan(100);
    let accepted = 0;
    for (const file of files) if ((await agree(file.text)) === 'accepted') accepted++;
    // The apps add edits and the files it writes are in the part the quick parser knows.
    expect(accepted / files.length).toBeGreaterThan(0.85);
    let mutationsAccepted = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const file = files[seed % files.length];
      if ((await agree(mutated(file.text, seed))) === 'accepted') mutationsAccepted++;
    }
    expect(mutationsAccepted).toBeGreaterThan(500);
  }, 60_000);

  it('accepts the files of every axum and actix-web fixture app and what add writes for sqlite and memory', () => {
    const files = fixtureRustFiles().filter((f) =>
      /^(axum|actix-web)[^/]*\/(input|expected\/(sqlite|memory))\//.test(f.name),
    );
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) expect(parseRustSubset(file.text), file.name).not.toBeNull();
  });

  it.each([
    ['a lifetime in a token tree', "fn f() { m!('a); }"],
    ['a closure with a typed parameter', 'fn f() { bp.map(|x: u8| x); }'],
    ['a let chain', 'fn f() { if let Some(a) = b && c { d(); } }'],
    ['a match guard', 'fn f() { match a { b if c => d, _ => e } }'],
    ['a raw string', 'fn f() { x(r"a"); }'],
    ['a float', 'fn f() { x(1.5); }'],
    ['a bit operator', 'fn f() { x(1 | 2); }'],
    ['a compound assignment', 'fn f() { x += 2; }'],
    ['a range', 'fn f() { x(0..2); }'],
    ['a cast', 'fn f() { x(1 as u8); }'],
    ['a lifetime parameter', "fn f<'a>(t: &'a str) {}"],
    ['a where clause', 'fn f<T>(t: T) where T: A {}'],
    ['a tuple struct', 'struct A(u8);'],
    ['a generic struct', 'struct A<T> { t: T }'],
    ['a generic impl', 'impl<T> A<T> {}'],
    ['a self parameter with a type', 'impl A { fn f(self: Box<Self>) {} }'],
    ['an unsafe impl', 'unsafe impl Send for A {}'],
    ['an async closure', 'fn f() { x(async || {}); }'],
    ['a const fn', 'const fn f() {}'],
    ['an underscore in a token tree', 'fn f() { m!(_); }'],
    ['a turbofish', 'fn f() { bp.route::<A>(x); }'],
    ['a brace macro statement', 'fn f() { m! { a } }'],
    ['non-ASCII code', 'fn f() { é(); }'],
    ['an unknown escape', 'fn f() { x("\\q"); }'],
    ['an unterminated comment', 'fn f() {} /* x'],
    ['a missing semicolon between statements', 'fn f() { a() b() }'],
    ['an unbalanced token tree', 'fn f() { m!(a]); }'],
  ])('declines %s', (_what, text) => {
    expect(parseRustSubset(text)).toBeNull();
  });
});

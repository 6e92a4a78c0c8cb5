import { describe, expect, it } from 'vitest';
import { maskRust, rustCode } from '../../../src/edit/rust/code.js';

/** The text with every comment blanked by hand: same length, newlines where they were. */
function expectMasked(text: string, comments: string[]): void {
  let expected = text;
  for (const c of comments) {
    const at = expected.indexOf(c);
    expect(at, `${JSON.stringify(c)} is in the text`).toBeGreaterThanOrEqual(0);
    expected = expected.slice(0, at) + c.replace(/[^\n\r]/g, ' ') + expected.slice(at + c.length);
  }
  expect(rustCode(text)).toBe(expected);
}

describe('rustCode', () => {
  it('blanks line, doc and block comments, keeping offsets and line breaks', () => {
    expectMasked('let a = 1; // one\r\n/// doc\n/* two\nlines */ let b = 2;\n', [
      '// one',
      '/// doc',
      '/* two\nlines */',
    ]);
  });

  it('a lifetime is not a quote: the comment after it on the line is blanked', () => {
    expectMasked("async fn root() -> &'static str { // SessionManagerLayer::new(store)\n", [
      '// SessionManagerLayer::new(store)',
    ]);
    expectMasked("fn f<'a, 'b>(x: &'a str, y: &'_ str) {} /* SessionMiddleware::new */\n", [
      '/* SessionMiddleware::new */',
    ]);
    expectMasked("'outer: loop { break 'outer; } // mod session;\n", ['// mod session;']);
  });

  it('character literals are kept, including quotes, slashes and escapes', () => {
    expectMasked("let q = '\"'; let s = '/'; let e = '\\''; let u = '\\u{1F600}'; let b = b'/'; // c\n", ['// c']);
    expectMasked("let emoji = '\u{1F600}'; // c\n", ['// c']);
  });

  it('strings span lines and hide what looks like comments', () => {
    expectMasked('let help = "usage:\n  see https://example.com/docs /* not a comment */";\nlet x = 1; // c\n', [
      '// c',
    ]);
    expectMasked('let s = "a \\" // still a string"; // c\n', ['// c']);
  });

  it('raw strings end at their own quote and hashes, escapes or not', () => {
    expectMasked('let j = r#"{"url": "http://x"}"#; // c\n', ['// c']);
    expectMasked('let p = r"C:\\dir\\"; // c\n', ['// c']);
    expectMasked('let b = br##"a "# b"##; // c\n', ['// c']);
    // r as the end of a name is not a raw string prefix.
    expectMasked('let r = for_r; let bar = 1; // c\n', ['// c']);
  });

  it('block comments nest', () => {
    expectMasked('/* outer /* inner */ still outer */ let layer = SessionManagerLayer::new(s);\n', [
      '/* outer /* inner */ still outer */',
    ]);
  });

  it('an unterminated comment or string runs to the end of the text', () => {
    expect(rustCode('let a = 1; /* open')).toBe('let a = 1;        ');
    expect(rustCode('let a = "open // x')).toBe('let a = "open // x');
  });
});

describe('maskRust', () => {
  it('bare blanks the contents of strings, raw strings and characters, keeping their quotes', () => {
    const text = 'let a = "x // y"; let r = br#"a "b" c"#; let c = \'/\'; fn f<\'a>(s: &\'a str) {} // c\n';
    expect(maskRust(text).bare).toBe(
      'let a = "      "; let r = br#"       "#; let c = \' \'; fn f<\'a>(s: &\'a str) {}     \n',
    );
    expect(maskRust(text).code).toBe(rustCode(text));
  });
});

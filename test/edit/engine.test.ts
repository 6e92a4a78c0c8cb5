import { describe, expect, it } from 'vitest';
import { applySplices, insertAt, spliceBetween } from '../../src/edit/splice.js';
import { detectStyle, inFileStyle, restyle } from '../../src/edit/style.js';
import { insertLinesAfter, lineColumn } from '../../src/edit/lines.js';
import { parseJs } from '../../src/edit/js/parse.js';
import { importSplice } from '../../src/frameworks/node/insert.js';
import { moduleBindings, moduleSyntax } from '../../src/edit/js/modules.js';
import { UserError } from '../../src/core/errors.js';

describe('splices', () => {
  it('apply against the original text, insertions at one offset in contribution order', () => {
    expect(applySplices('abcdef', [insertAt(3, 'X'), { start: 0, end: 1, text: 'A' }, insertAt(3, 'Y')])).toBe(
      'AbcXYdef',
    );
  });
  it('reject overlapping replacements', () => {
    expect(() =>
      applySplices('abcdef', [
        { start: 0, end: 3, text: '' },
        { start: 2, end: 4, text: '' },
      ]),
    ).toThrow(/overlapping/);
  });
  it('spliceBetween keeps the common prefix and suffix', () => {
    const splice = spliceBetween('{\n  "a": 1\n}\n', '{\n  "a": 1,\n  "b": 2\n}\n');
    expect(splice).toEqual({ start: 10, end: 10, text: ',\n  "b": 2' });
  });
});

describe('style', () => {
  it('detects CRLF, tabs, double quotes, semicolons', () => {
    expect(detectStyle('const a = require("a");\r\nif (a) {\r\n\ta();\r\n}\r\n')).toEqual({
      eol: '\r\n',
      indent: '\t',
      quote: '"',
      semicolons: true,
    });
  });
  it('detects LF, 4 spaces, single quotes, no semicolons', () => {
    expect(detectStyle("import a from 'a'\nfunction f() {\n    a()\n        a()\n}\n")).toEqual({
      eol: '\n',
      indent: '    ',
      quote: "'",
      semicolons: false,
    });
  });
  it('restyles our code to the file style, leaving template literals alone', () => {
    const style = { eol: '\r\n' as const, indent: '  ', quote: '"' as const, semicolons: false };
    expect(restyle("const a = require('a');\nconst b = `x ${'y'}`;", style)).toBe(
      'const a = require("a")\nconst b = `x ${"y"}`',
    );
    expect(inFileStyle('a;\nb;\n', style)).toBe('a\r\nb\r\n');
  });
});

describe('lines', () => {
  it('insert after the line holding an offset, keeping a trailing comment on its line', () => {
    const text = 'a(); // note\nb();\n';
    const style = detectStyle(text);
    expect(applySplices(text, [insertLinesAfter(text, 3, ['x();'], '', style)])).toBe('a(); // note\nx();\nb();\n');
  });
  it('insert after the last line of a file without a final newline', () => {
    const text = 'a();';
    expect(applySplices(text, [insertLinesAfter(text, 4, ['x();'], '', detectStyle(text))])).toBe('a();\nx();');
  });
  it('lineColumn is 1-based', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('JS modules', () => {
  it('lists import and require bindings and the syntax', async () => {
    const ast = await parseJs(
      "'use strict';\nconst a = require('a');\nconst { b: c } = require('b');\nconst d = require('d').default;\n",
      'x.js',
    );
    const bindings = moduleBindings(ast);
    expect(bindings.map((b) => [b.source, b.defaultName, [...b.named]])).toEqual([
      ['a', 'a', []],
      ['b', null, [['b', 'c']]],
      ['d', 'd', []],
    ]);
    expect(moduleSyntax(ast, 'esm')).toBe('cjs');
  });
  it('puts a new import after the last one, or after the directive prologue', async () => {
    const text = "'use strict'\n\nconsole.log(1)\n";
    const ast = await parseJs(text, 'x.js');
    const style = detectStyle(text);
    expect(applySplices(text, [importSplice(ast, text, style, 'cjs', './s', { named: ['m'] })])).toBe(
      "'use strict'\nconst { m } = require('./s')\n\nconsole.log(1)\n",
    );
  });
  it('a syntax error is a UserError with file:line', async () => {
    const error = await parseJs('const a = ;\n', 'src/x.ts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toEqual({ file: 'src/x.ts', line: 1, column: 11 });
  });
  it('parses TypeScript with decorators and casts', async () => {
    await parseJs('@Injectable()\nclass A { constructor(private x: number) {} }\nconst b = <any>1;\n', 'a.ts');
  });
});

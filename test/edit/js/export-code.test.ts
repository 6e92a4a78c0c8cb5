import { describe, expect, it } from 'vitest';
import { exportedFunctionCode } from '../../../src/edit/js/export-code.js';

describe('exportedFunctionCode', () => {
  it('reads a function declaration up to the end of its body, without the comment above', () => {
    const text =
      'const a = 1;\n// reads the session? no\nfunction requestId(req, res, next) {\n  next();\n}\nfunction other() {}\n';
    expect(exportedFunctionCode(text, 'requestId')).toBe('function requestId(req, res, next) {\n  next();\n}');
  });

  it('reads exported consts, typed consts and arrows with or without a body', () => {
    const text = [
      'export const loadUser: MiddlewareHandler = async (c, next) => {',
      "  c.set('user', await c.var.session.get())",
      '  await next()',
      '}',
      'export const short = (c) => c.text(String(c.req.path))',
      "export const after = (c) => c.get('session')",
    ].join('\n');
    expect(exportedFunctionCode(text, 'loadUser')).toContain('c.var.session.get()');
    expect(exportedFunctionCode(text, 'short')).toBe('export const short = (c) => c.text(String(c.req.path))');
    expect(exportedFunctionCode(text, 'short')).not.toContain('session');
  });

  it('reads CommonJS exports, and a body after destructured parameters', () => {
    const text =
      'exports.one = function ({ session }, res, next) { next() };\nmodule.exports.two = (req, res, next) => { req.session.x = 1; next() };\n';
    expect(exportedFunctionCode(text, 'one')).toBe('exports.one = function ({ session }, res, next) { next() }');
    expect(exportedFunctionCode(text, 'two')).toContain('req.session.x');
  });

  it('is null for a name the module does not declare', () => {
    expect(exportedFunctionCode('export function a() {}\n', 'b')).toBeNull();
    expect(exportedFunctionCode('const notThis = b.loadUser;\n', 'loadUser')).toBeNull();
  });
});

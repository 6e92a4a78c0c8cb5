/**
 * Where Express's session lines go and in which style, beyond the pairs of
 * test/frameworks/pairs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { addWithoutInstall, copyFixture, read } from '../../helpers/fixtures.js';

describe('express placement', () => {
  it('puts the session before passport and the first router, after the parsers', async () => {
    const dir = copyFixture('express-passport-routers');
    await addWithoutInstall(dir, { store: 'memory' });
    const lines = read(dir, 'server.js').split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at('app.use(sessionMiddleware);')).toBeGreaterThan(at('express.urlencoded'));
    expect(at('app.use(sessionMiddleware);')).toBeLessThan(at('passport.initialize()'));
    expect(lines[at('app.use(sessionMiddleware);')]).toBe('app.use(sessionMiddleware);');
  });

  it('follows the file style: CRLF, double quotes, semicolons', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'app.js');
    expect(text).toContain('const { sessionMiddleware } = require("./session");\r\n');
    expect(text).toContain('app.use(sessionMiddleware);\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('follows a semicolon-less file', async () => {
    const dir = copyFixture('express5-esm-ts');
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.ts');
    expect(text).toContain("import { sessionMiddleware } from './session.js'\n");
    expect(text).toContain('app.use(sessionMiddleware)\n');
  });

  it('edits the file that creates the app when another file listens', async () => {
    const dir = copyFixture('express-app-split');
    const result = await addWithoutInstall(dir, { store: 'memory' });
    expect(result.framework.setupFile).toBe('src/app.js');
    expect(read(dir, 'src/server.js')).toBe(read(copyFixture('express-app-split'), 'src/server.js'));
    expect(read(dir, 'src/app.js')).toMatch(/app\.use\(express\.json\(\)\)\napp\.use\(sessionMiddleware\)\n/);
  });
});

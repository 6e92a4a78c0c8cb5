import { describe, expect, it } from 'vitest';
import { parseJs } from '../../../src/edit/js/parse.js';
import { addWithoutInstall, copyFixture, expectAddProperties, expectMatchesExpected, read } from '../../helpers/fixtures.js';

const FIXTURES = ['express4-cjs', 'express5-esm-ts', 'express-passport-routers', 'express-app-split'];
const STORES = ['memory', 'sqlite', 'postgres', 'mysql', 'redis'];
// Migration file names carry a timestamp: pin the clock so expected outputs are stable.
process.env.SOURCE_DATE_EPOCH = '1767225600';

describe.each(FIXTURES)('express fixture %s', (fixture) => {
  it.each(STORES)('add --store %s matches the expected output and keeps every property', async (store) => {
    const dir = copyFixture(fixture);
    const result = await addWithoutInstall(dir, { store });
    expectMatchesExpected(fixture, store, dir, result);
    for (const file of result.files) {
      if (file.after !== null && /\.[cm]?[jt]s$/.test(file.path)) await parseJs(read(dir, file.path), file.path);
    }
    await expectAddProperties(dir, result, { store });
  });
});

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

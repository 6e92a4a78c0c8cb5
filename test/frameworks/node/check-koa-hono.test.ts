/**
 * `session-kit check` on Koa and Hono apps set up by `add`: the generated setup passes,
 * and a later regression (the router or a route moved above the session) fails with file:line.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall, copyFixture, read } from '../../helpers/fixtures.js';

process.env.SOURCE_DATE_EPOCH = '1767225600';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function errors(dir: string) {
  const report = await runChecks(dir, [], false);
  return report.projects.flatMap((p) => p.findings).filter((f) => f.severity === 'error');
}

// Fixture, setup file, a line of the statement the session registration is later moved
// below (a route or router that reads the session), and how many lines that statement has from there.
describe.each([
  ['koa-cjs', 'app.js', 'app.listen(port', 1],
  ['koa-esm-ts', 'src/app.ts', 'app.use(router.allowedMethods());', 1],
  ['hono-node-ts', 'src/index.ts', 'const data = await c.var.session.get()', 3],
  ['hono-subapps', 'src/app.js', "app.route('/session', sessionRoutes);", 1],
] as const)('check on %s', (fixture, setupFile, below, rest) => {
  it.each(['sqlite', 'postgres', 'redis'])('passes right after add --store %s', async (store) => {
    const dir = copyFixture(fixture);
    await addWithoutInstall(dir, { store });
    expect(await errors(dir)).toEqual([]);
  });

  it('fails with file:line when the session is later moved below a route that reads it', async () => {
    const dir = copyFixture(fixture);
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, setupFile);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.split(eol);
    const sessionLine = lines.findIndex((l) => /sessionMiddleware\(app\)|sessionStorage, sessionMiddleware/.test(l));
    const [moved] = lines.splice(sessionLine, 1);
    lines.splice(lines.findIndex((l) => l.includes(below)) + rest, 0, moved);
    const broken = lines.join(eol);
    writeFileSync(path.join(dir, setupFile), broken);
    const found = await errors(dir);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ file: setupFile, line: lineOf(broken.replace(/\r\n/g, '\n'), moved.trim()) });
    expect(found[0].ruleId).toMatch(/^(?:koa\/session-before-routers|hono\/(?:session|storage)-before-routes)$/);
  });
});

describe('check on a Koa app whose keys are set where the app is imported', () => {
  it('finds app.keys in the importing file, and still reports keys missing everywhere', async () => {
    const dir = copyFixture('koa-esm-ts');
    await addWithoutInstall(dir, { store: 'memory' });
    // The user moves the keys out of the app file, into the file that starts the server.
    const app = read(dir, 'src/app.ts');
    writeFileSync(
      path.join(dir, 'src/app.ts'),
      `${app.replace(/^app\.keys = sessionKeys;?\r?\n/m, '').replace('sessionKeys, ', '')}\nexport { app };\n`,
    );
    expect(read(dir, 'src/app.ts')).not.toContain('app.keys');
    expect((await errors(dir)).map((f) => f.ruleId)).toEqual(['koa/keys-required']);
    writeFileSync(
      path.join(dir, 'src/server.ts'),
      "import { app } from './app.js'\nimport { sessionKeys } from './session.js'\n\napp.keys = sessionKeys\napp.listen(3000)\n",
    );
    expect(await errors(dir)).toEqual([]);
  });
});

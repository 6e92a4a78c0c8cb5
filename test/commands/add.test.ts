/** The built CLI's `add` behaviour that users see: dry-run, JSON, bad input, re-runs. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionFor } from '../../src/stores/versions.js';
import { copyFixture as copyPavexFixture } from '../frameworks/pavex/harness.js';
import { CLI, runCli } from '../helpers/app-runner.js';
import { copyFixture, listFiles } from '../helpers/fixtures.js';

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

describe('session-kit add (built CLI)', () => {
  it('--dry-run prints diffs, the install command and env keys, writes nothing, hides the secret', async () => {
    const dir = copyFixture('express4-cjs');
    const before = snapshot(dir);
    const result = await runCli(['add', '--store', 'sqlite', '--dry-run'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('+++ b/session.js');
    expect(result.stdout).toContain('+app.use(sessionMiddleware);');
    // The fixture declares no Node version: the running Node's major picks better-sqlite3's.
    const sqlite = versionFor('better-sqlite3', Number(process.versions.node.split('.')[0]), '^12.4.1');
    expect(result.stdout).toContain(
      `npm i express-session@^1.18.1 connect-session-knex@^5.0.0 knex@^3.1.0 better-sqlite3@${sqlite}`,
    );
    expect(result.stdout).toMatch(/SESSION_SECRET=<generated secret, hidden>/);
    expect(result.stdout).toMatch(/SESSION_SQLITE_FILE/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--json prints the plan as JSON without the secret', async () => {
    const dir = copyFixture('express5-esm-ts');
    const result = await runCli(['add', '--store', 'memory', '--dry-run', '--json'], dir);
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({
      ok: true,
      command: 'add',
      store: 'memory',
      framework: { id: 'express', setupFile: 'src/app.ts' },
      dryRun: true,
    });
    expect(plan.files.map((f: { path: string; status: string }) => `${f.status} ${f.path}`)).toEqual(
      expect.arrayContaining([
        'create src/session.ts',
        'update src/app.ts',
        'create .env',
        'create .env.example',
        'create .gitignore',
      ]),
    );
    expect(plan.dependencies.map((d: { name: string }) => d.name)).toEqual([
      'express-session',
      '@types/express-session',
      'memorystore',
    ]);
    expect(plan.installCommands).toEqual([
      ['npm', 'i', 'express-session@^1.18.1', 'memorystore@^1.6.7'],
      ['npm', 'i', '-D', '@types/express-session@^1.18.1'],
    ]);
    const env = plan.files.find((f: { path: string }) => f.path === '.env');
    expect(env.after).toMatch(/^SESSION_SECRET=<generated secret, hidden>$/m);
  });

  it('without a TTY and without --store uses the embedded sqlite store and says so', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['add', '--dry-run'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/using the embedded default, sqlite/);
    expect(result.stdout).toContain('connect-session-knex');
  });

  it('--no-install declares the packages in package.json in its own layout, says to install first, and remove takes them out byte for byte', async () => {
    const dir = copyFixture('express5-esm-ts');
    const before = snapshot(dir);
    // A tab-indented package.json with CRLF line endings stays so.
    const original = before['package.json'].replace(/\n/g, '\r\n').replace(/ {2}/g, '\t');
    writeFileSync(path.join(dir, 'package.json'), original);
    const first = await runCli(['add', '--store', 'memory', '--no-install', '--yes'], dir);
    expect(first.exitCode).toBe(0);
    const pkgText = readFileSync(path.join(dir, 'package.json'), 'utf8');
    const pkg = JSON.parse(pkgText);
    expect(pkg.dependencies).toMatchObject({ 'express-session': '^1.18.1', memorystore: '^1.6.7' });
    expect(pkg.devDependencies).toMatchObject({ '@types/express-session': '^1.18.1' });
    expect(pkgText).toContain('\t\t"express-session": "^1.18.1",\r\n');
    expect(pkgText.replace(/\r\n/g, '')).not.toContain('\n');
    // Keys stay in name order, as npm keeps them.
    expect(Object.keys(pkg.dependencies)).toEqual([...Object.keys(pkg.dependencies)].sort());
    expect(first.stdout).toMatch(/Next steps:\n {2}1\. Install the packages \(not installed: --no-install\): npm i\n/);
    // Installed later, a re-run has nothing to do.
    const second = await runCli(['add', '--store', 'memory', '--no-install', '--yes'], dir);
    expect(second.stdout).toMatch(/already set up/);
    const removed = await runCli(['remove', '--no-install', '--yes'], dir);
    expect(removed.exitCode).toBe(0);
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(original);
    expect(removed.stdout).not.toMatch(/npm (uninstall|rm)/);
    const after = snapshot(dir);
    for (const file of Object.keys(before)) if (file !== 'package.json') expect(after[file], file).toBe(before[file]);
  });

  it('refuses another store on a set-up project, naming the current one', async () => {
    const dir = copyFixture('express4-cjs');
    await runCli(['add', '--store', 'memory', '--no-install'], dir);
    const after = snapshot(dir);
    const result = await runCli(['add', '--store', 'sqlite', '--no-install'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/already set up with the memory store/);
    expect(result.stderr).toContain(`\`node ${CLI} remove\``);
    expect(snapshot(dir)).toEqual(after);
  });

  it('refuses another store on a set-up Pavex project, naming the current one; the same store again is a no-op', async () => {
    const dir = copyPavexFixture('pavex-new');
    expect((await runCli(['add', '--store', 'sqlite', '--no-install', '--yes'], dir)).exitCode).toBe(0);
    const after = snapshot(dir);
    const result = await runCli(['add', '--store', 'redis', '--no-install', '--yes'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^app\/src\/blueprint\.rs:\d+:\d+: Sessions are already set up with the sqlite store/,
    );
    expect(result.stderr).toContain(`\`node ${CLI} remove\``);
    expect(snapshot(dir)).toEqual(after);
    const again = await runCli(['add', '--store', 'sqlite', '--no-install', '--yes'], dir);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already set up/);
    expect(snapshot(dir)).toEqual(after);
  });

  it('a file that does not parse: one message with file:line and the lines to add by hand, exit 2, nothing written', async () => {
    const dir = copyFixture('express4-cjs');
    const broken = readFileSync(path.join(dir, 'app.js'), 'utf8').replace(
      'app.use(express.json());',
      'app.use(express.json();',
    );
    writeFileSync(path.join(dir, 'app.js'), broken);
    const before = snapshot(dir);
    const result = await runCli(['add', '--store', 'memory'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^app\.js:7:\d+: app\.js does not parse/m);
    expect(result.stderr).toContain('Add these lines by hand:');
    expect(result.stderr).toContain('app.use(sessionMiddleware);');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an app it cannot follow: clear message with the manual lines, exit 2', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(
      path.join(dir, 'app.js'),
      "const express = require('express');\nconst { makeApp } = require('./factory');\nmodule.exports = makeApp(express);\n",
    );
    const result = await runCli(['add', '--store', 'memory'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /Could not find the file that creates the Express app|no `const app = express\(\)` was found/,
    );
    expect(result.stderr).toContain('app.use(sessionMiddleware);');
  });

  it('refuses an app that already has its own express-session, with file:line', async () => {
    const dir = copyFixture('express4-cjs');
    const text = readFileSync(path.join(dir, 'app.js'), 'utf8').replace(
      'const app = express();',
      "const session = require('express-session');\r\nconst app = express();\r\napp.use(session({ secret: process.env.S }));",
    );
    writeFileSync(path.join(dir, 'app.js'), text);
    const result = await runCli(['add', '--store', 'memory'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^app\.js:8:1: app\.js already registers a session middleware/m);
  });

  it('usage errors exit 2 with one line', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['add', '--store', 'mongo'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are memory, postgres, mysql, sqlite, redis/);
    const missing = await runCli(['add', '--cwd', 'does/not/exist'], dir);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/does\/not\/exist is not a directory/);
  });
});

describe('session-kit add --dry-run output', () => {
  it('names the manifest without printing its body', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['add', '--store', 'memory', '--dry-run'], dir);
    expect(result.stdout).toMatch(/^create \.session-kit\.json .*contents not shown/m);
    expect(result.stdout).not.toContain('"manifestVersion"');
  });
});

describe('session-kit add at a workspace root', () => {
  it('picks the one app; asked nothing, it prints no command to skip the questions', async () => {
    const root = copyFixture('express4-cjs');
    const app = path.join(root, 'apps/api');
    mkdirSync(app, { recursive: true });
    for (const file of ['app.js', 'package.json']) renameSync(path.join(root, file), path.join(app, file));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
    );
    const result = await runCli(['add', '--store', 'memory', '--no-install'], root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/updated\s+app\.js/);
    // The terminal flow prints it (test/commands/terminal.test.ts runs it as printed).
    expect(result.stdout).not.toContain('Same setup without questions');
    expect(readFileSync(path.join(app, 'app.js'), 'utf8')).toContain('app.use(sessionMiddleware);');
  });
});

/** The built CLI's `add` behaviour that users see: dry-run, JSON, bad input, re-runs. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionFor } from '../../src/stores/versions.js';
import { runCli } from '../helpers/app-runner.js';
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
    expect(result.stdout).toContain(`npm i express-session@^1.18.1 connect-session-knex@^5.0.0 knex@^3.1.0 better-sqlite3@${sqlite}`);
    expect(result.stdout).toMatch(/SESSION_SECRET=<generated secret, hidden>/);
    expect(result.stdout).toMatch(/SESSION_SQLITE_FILE/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--json prints the plan as JSON without the secret', async () => {
    const dir = copyFixture('express5-esm-ts');
    const result = await runCli(['add', '--store', 'memory', '--dry-run', '--json'], dir);
    expect(result.exitCode).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ ok: true, command: 'add', store: 'memory', framework: { id: 'express', setupFile: 'src/app.ts' }, dryRun: true });
    expect(plan.files.map((f: { path: string; status: string }) => `${f.status} ${f.path}`)).toEqual(
      expect.arrayContaining(['create src/session.ts', 'update src/app.ts', 'create .env', 'create .env.example', 'create .gitignore']),
    );
    expect(plan.dependencies.map((d: { name: string }) => d.name)).toEqual(['express-session', '@types/express-session', 'memorystore']);
    expect(plan.installCommands).toEqual([['npm', 'i', 'express-session@^1.18.1', 'memorystore@^1.6.7'], ['npm', 'i', '-D', '@types/express-session@^1.18.1']]);
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

  it('--no-install writes the files, prints the install command, and a re-run is a no-op once installed', async () => {
    const dir = copyFixture('express4-cjs');
    const first = await runCli(['add', '--store', 'memory', '--no-install'], dir);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/created\s+session\.js/);
    expect(first.stdout).toMatch(/updated\s+app\.js/);
    expect(first.stdout).toContain('npm i express-session@^1.18.1 memorystore@^1.6.7');
    expect(first.stdout).toContain('Same setup without questions: session-kit add --store memory --yes');
    // What the printed install would record:
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['express-session'] = '^1.18.1';
    pkg.dependencies.memorystore = '^1.6.7';
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const after = snapshot(dir);
    const second = await runCli(['add', '--store', 'memory', '--no-install'], dir);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/already set up/);
    expect(snapshot(dir)).toEqual(after);
  });

  it('refuses another store on a set-up project, naming the current one', async () => {
    const dir = copyFixture('express4-cjs');
    await runCli(['add', '--store', 'memory', '--no-install'], dir);
    const after = snapshot(dir);
    const result = await runCli(['add', '--store', 'sqlite', '--no-install'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/already set up with the memory store/);
    expect(result.stderr).toMatch(/session-kit remove/);
    expect(snapshot(dir)).toEqual(after);
  });

  it('a file that does not parse: one message with file:line and the lines to add by hand, exit 2, nothing written', async () => {
    const dir = copyFixture('express4-cjs');
    const broken = readFileSync(path.join(dir, 'app.js'), 'utf8').replace('app.use(express.json());', 'app.use(express.json();');
    writeFileSync(path.join(dir, 'app.js'), broken);
    const before = snapshot(dir);
    const result = await runCli(['add', '--store', 'memory'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^app\.js:7:\d+: app\.js does not parse/m);
    expect(result.stderr).toContain('Add these lines by hand:');
    expect(result.stderr).toContain("app.use(sessionMiddleware);");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an app it cannot follow: clear message with the manual lines, exit 2', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, 'app.js'), "const express = require('express');\nconst { makeApp } = require('./factory');\nmodule.exports = makeApp(express);\n");
    const result = await runCli(['add', '--store', 'memory'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Could not find the file that creates the Express app|no `const app = express\(\)` was found/);
    expect(result.stderr).toContain('app.use(sessionMiddleware);');
  });

  it('refuses an app that already has its own express-session, with file:line', async () => {
    const dir = copyFixture('express4-cjs');
    const text = readFileSync(path.join(dir, 'app.js'), 'utf8').replace('const app = express();', "const session = require('express-session');\r\nconst app = express();\r\napp.use(session({ secret: process.env.S }));");
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
  it('picks the one app, and the command to repeat it names that app', async () => {
    const root = copyFixture('express4-cjs');
    const app = path.join(root, 'apps/api');
    mkdirSync(app, { recursive: true });
    for (const file of ['app.js', 'package.json']) renameSync(path.join(root, file), path.join(app, file));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }));
    const result = await runCli(['add', '--store', 'memory', '--no-install'], root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/updated\s+app\.js/);
    expect(result.stdout).toContain('Same setup without questions: session-kit add --store memory --cwd apps/api --yes');
    expect(readFileSync(path.join(app, 'app.js'), 'utf8')).toContain('app.use(sessionMiddleware);');
  });
});

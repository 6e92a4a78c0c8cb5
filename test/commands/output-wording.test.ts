/**
 * The small things add and remove print (issue 14, item 8): file reasons without nested
 * parentheses, the .gitignore reason naming every pattern it adds, aligned Environment
 * keys, diff headers without a trailing tab, the manifest's body never shown, remove's
 * refusal said once with the lines as they are now, and code that still imports a
 * module remove deletes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ignoreReason } from '../../src/core/env-files.js';
import { runCli } from '../helpers/app-runner.js';
import { addWithoutInstall, copyFixture, REPO, read } from '../helpers/fixtures.js';

/** `create .env  (reason)` lines of a dry run. */
function reasons(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stdout.matchAll(/^(?:create|update|delete) (\S+) {2}\((.*)\)$/gm)) out.set(m[1], m[2]);
  return out;
}

describe('add --dry-run output', () => {
  it('file reasons hold no nested parentheses; .gitignore names the SQLite patterns it adds', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['add', '--store', 'sqlite', '--dry-run', '--no-install'], dir);
    expect(result.exitCode).toBe(0);
    const byFile = reasons(result.stdout);
    expect(byFile.get('.env')).toBe('local settings and the generated secret; git-ignored');
    expect(byFile.get('.gitignore')).toBe('keeps .env and the local database files (*.sqlite) out of git');
    for (const [file, reason] of byFile) expect(reason, file).not.toMatch(/\([^)]*\(/);
  });

  it('Environment keys are padded so their descriptions start in one column', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['add', '--store', 'sqlite', '--dry-run', '--no-install'], dir);
    const lines = result.stdout.split('\n');
    const start = lines.indexOf('Environment:');
    const rows = lines.slice(start + 1).filter((_l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('  ')));
    expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(['SESSION_SECRET', 'SESSION_SQLITE_FILE']);
    const columns = rows.map((r) => /^ {2}\S+ +/.exec(r)?.[0].length);
    expect(new Set(columns).size).toBe(1);
  });

  it('diff headers end with the path, not a tab', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['add', '--store', 'memory', '--dry-run', '--no-install'], dir);
    const headers = result.stdout.split('\n').filter((l) => /^(?:---|\+\+\+) /.test(l));
    expect(headers).toContain('--- a/app.js');
    expect(headers).toContain('+++ b/app.js');
    for (const header of headers) expect(header).not.toMatch(/\s$/);
  });

  it('.gitignore reason: only what is added is named', () => {
    expect(ignoreReason(['.env'])).toBe('keeps .env out of git');
    expect(ignoreReason(['*.sqlite', '*.sqlite-wal'])).toBe(
      'keeps the local database files (*.sqlite, *.sqlite-wal) out of git',
    );
  });
});

describe('remove output', () => {
  it('--dry-run names the deleted .session-kit.json without printing its contents', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const manifest = read(dir, '.session-kit.json');
    const result = await runCli(['remove', '--dry-run'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^delete \.session-kit\.json {2}\(.*contents not shown\)$/m);
    expect(result.stdout).not.toContain('--- a/.session-kit.json');
    // Not one of its lines appears as a deletion.
    for (const line of manifest.split('\n').filter((l) => l.trim().length > 2))
      expect(result.stdout.split('\n')).not.toContain(`-${line}`);
  });

  it('warns, with file:line, about code of the user that still imports the session module it deletes', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    writeFileSync(
      path.join(dir, 'auth.js'),
      "// helpers\nconst { sessionMiddleware } = require('./session');\nmodule.exports = { sessionMiddleware };\n",
    );
    const dry = await runCli(['remove', '--dry-run'], dir);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain(
      'auth.js:2 still imports ./session (session.js), which remove deletes: take that import and its uses out, or the app fails at start.',
    );
    const applied = await runCli(['remove', '--yes', '--no-install'], dir);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('auth.js:2 still imports ./session (session.js)');
  });

  it('says nothing of the kind when no code imports it any more', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const result = await runCli(['remove', '--dry-run'], dir);
    expect(result.stdout).not.toContain('still imports');
  });

  it('the refusal quotes the line as edited (a trailing comment included) and says "by hand" once', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const app = read(dir, 'app.js');
    writeFileSync(
      path.join(dir, 'app.js'),
      app.replace('app.use(sessionMiddleware);', 'app.use(sessionMiddleware) // sessions'),
    );
    const result = await runCli(['remove', '--yes', '--no-install'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.match(/by hand/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/# app\.js:\d+\n {4}app\.use\(sessionMiddleware\) \/\/ sessions\n/);
    expect(read(dir, 'app.js')).toContain('// sessions');
  });
});

describe('the demo diff', () => {
  it('names the example file by its name, not the absolute path of the clone', async () => {
    const { demoDiff } = await import('../../scripts/demo-diff.mjs');
    const dir = copyFixture('express4-cjs');
    const original = path.join(REPO, 'test/fixtures/express4-cjs/input/app.js');
    writeFileSync(path.join(dir, 'app.js'), `${read(dir, 'app.js')}// changed\n`);
    const text = demoDiff(original, 'app.js', dir, false);
    expect(text).toContain('--- a/app.js\n+++ b/app.js\n');
    expect(text).toContain('+// changed');
    expect(text).not.toContain(REPO.replace(/^\//, ''));
  });
});

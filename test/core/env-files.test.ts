/**
 * .env stays out of git: after `add`, git itself says `.env` is ignored, whatever
 * the .gitignore held, in a git repository and in a folder that is not one yet; a
 * .env git already tracks never receives the secret.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { gitEnvState, ignoresDotEnv, parseDotEnv } from '../../src/core/env-files.js';
import { envValue } from '../../src/stores/context.js';
import { addWithoutInstall, copyFixture, plan } from '../helpers/fixtures.js';

const git = (dir: string, ...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
const gitIgnoresDotEnv = (dir: string) => git(dir, 'check-ignore', '-q', '--no-index', '--', '.env').status === 0;

const SHAPES: [string, string][] = [
  ['.env* then !.env', '.env*\n!.env\n'],
  ['*.env then !.env', '*.env\n!.env\n'],
  ['.env/ (directories only)', '.env/\n'],
  ['.env then !/.env', '.env\n!/.env\n'],
  ['.env then !.env*', '.env\n!.env*\n'],
];

function app(gitignore: string, withGit: boolean): string {
  const dir = copyFixture('express4-cjs');
  writeFileSync(path.join(dir, '.gitignore'), gitignore);
  if (withGit) expect(git(dir, 'init', '-q').status).toBe(0);
  return dir;
}

describe('after add, git check-ignore .env succeeds', () => {
  it.each(SHAPES)('in a git repository, .gitignore with %s', async (_, gitignore) => {
    const dir = app(gitignore, true);
    expect(gitIgnoresDotEnv(dir)).toBe(false);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(gitIgnoresDotEnv(dir)).toBe(true);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe(`${gitignore}.env\n`);
  });

  it.each(SHAPES)('in a folder that is not a git repository (yet), .gitignore with %s', async (_, gitignore) => {
    const dir = app(gitignore, false);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(git(dir, 'init', '-q').status).toBe(0);
    expect(gitIgnoresDotEnv(dir)).toBe(true);
  });

  it('leaves a .gitignore alone when git already ignores .env (here through .git/info/exclude)', async () => {
    const dir = app('node_modules\n', true);
    writeFileSync(path.join(dir, '.git/info/exclude'), '.env\n');
    await addWithoutInstall(dir, { store: 'memory' });
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n');
    expect(gitIgnoresDotEnv(dir)).toBe(true);
  });
});

describe('ignoresDotEnv (without git) agrees with git', () => {
  it.each([
    ...SHAPES,
    ['.env', '.env\n'],
    ['/.env', '/.env\n'],
    ['**/.env', '**/.env\n'],
    ['.env*', '.env*\n'],
    ['nothing', 'dist\n'],
  ] as [string, string][])('%s', (_, gitignore) => {
    const dir = app(gitignore, true);
    expect(ignoresDotEnv(gitignore)).toBe(gitIgnoresDotEnv(dir));
  });

  it('a parent folder ignores .env and the package un-ignores it', () => {
    expect(ignoresDotEnv('', ['.env\n'])).toBe(true);
    expect(ignoresDotEnv('!.env\n', ['.env\n'])).toBe(false);
  });
});

describe('a .env git already tracks', () => {
  it('is refused before anything is written, saying how to untrack it', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.env'), 'PORT=3000\n');
    expect(git(dir, 'init', '-q').status).toBe(0);
    expect(git(dir, 'add', '.env').status).toBe(0);
    const error = await plan(dir, { store: 'memory' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('env-tracked');
    expect((error as UserError).message).toBe(
      '.env is tracked by git, so session-kit will not write the session secret into it: it would be committed with the next commit.',
    );
    expect((error as UserError).hint).toContain('`git rm --cached .env`');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('PORT=3000\n');
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });
});

describe('.env values as dotenv reads them', () => {
  it('an inline comment, quotes, export and CRLF are not part of the value', () => {
    const text =
      'DATABASE_URL=postgres://app@localhost:5432/name # main db\r\nexport QUOTED="a # not a comment"\nSINGLE=\'x\'  # c\nEMPTY=\nHASH=abc#def\n';
    expect(Object.fromEntries(parseDotEnv(text))).toEqual({
      DATABASE_URL: 'postgres://app@localhost:5432/name',
      QUOTED: 'a # not a comment',
      SINGLE: 'x',
      EMPTY: '',
      HASH: 'abc',
    });
    expect(envValue(text, 'DATABASE_URL')).toBe('postgres://app@localhost:5432/name');
    expect(envValue(text, 'MISSING')).toBeNull();
  });
});

describe('an empty SESSION_SECRET= in .env', () => {
  it('is filled with a generated secret, and the plan says so; a value the user wrote is kept', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.env'), 'PORT=3000\nSESSION_SECRET=   # set me\nOTHER=1\n');
    const result = await addWithoutInstall(dir, { store: 'memory' });
    const env = readFileSync(path.join(dir, '.env'), 'utf8');
    const secret = result.env.find((e) => e.key === 'SESSION_SECRET')?.value as string;
    expect(env).toBe(`PORT=3000\nSESSION_SECRET=${secret}   # set me\nOTHER=1\n`);
    expect(parseDotEnv(env).get('SESSION_SECRET')).toMatch(/^[\w-]{43}$/);
    expect(result.warnings).toContain(
      'SESSION_SECRET was empty in .env: session-kit filled in a generated secret (an empty secret would let anyone forge session cookies).',
    );

    const again = copyFixture('express4-cjs');
    writeFileSync(path.join(again, '.env'), 'SESSION_SECRET=mine\n');
    await addWithoutInstall(again, { store: 'memory' });
    expect(readFileSync(path.join(again, '.env'), 'utf8')).toBe('SESSION_SECRET=mine\n');
  });
});

describe('gitEnvState', () => {
  it('asks git inside a repository, and does not start git outside one (the gitignore matcher decides)', () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.gitignore'), '.env\n');
    // copyFixture's folder sits outside any repository: no .git here or above. A git on
    // PATH that leaves a mark shows it is not started there (it costs add a process).
    const bin = path.join(dir, 'fake-bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\ntouch "${path.join(dir, 'git-started')}"\nexit 128\n`, {
      mode: 0o755,
    });
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    try {
      expect(gitEnvState(dir)).toBeNull();
    } finally {
      process.env.PATH = savedPath;
    }
    expect(existsSync(path.join(dir, 'git-started'))).toBe(false);
    spawnSync('git', ['init', '-q'], { cwd: dir });
    expect(gitEnvState(dir)).toEqual({ ignored: true, tracked: false });
  });
});

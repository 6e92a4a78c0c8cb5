/** Runs that use different code keep different compiled-code caches. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeCacheName } from '../../src/startup/cache-name.js';

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

function project(files: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-cache-name-'));
  for (const file of files) writeFileSync(path.join(dir, file), '');
  return dir;
}

describe('codeCacheName', () => {
  it('is the command for a Node project', () => {
    process.chdir(project(['package.json']));
    expect(codeCacheName(['check'])).toBe('check');
    expect(codeCacheName(['add', '--dry-run'])).toBe('add');
  });

  it('is apart for a Rust project (Cargo.toml, no package.json), found through --cwd in either form', () => {
    const rust = project(['Cargo.toml']);
    process.chdir(project(['package.json']));
    expect(codeCacheName(['check', '--cwd', rust])).toBe('check-rust');
    expect(codeCacheName(['add', `--cwd=${rust}`, '--yes'])).toBe('add-rust');
    process.chdir(rust);
    expect(codeCacheName(['info'])).toBe('info-rust');
  });

  it('treats a folder with both manifests as a Node project', () => {
    process.chdir(project(['package.json', 'Cargo.toml']));
    expect(codeCacheName(['check'])).toBe('check');
  });

  it('is apart per framework package, and for a check of a project without a session package', () => {
    const app = (deps: Record<string, string>, extra: string[] = []) => {
      const dir = project(extra);
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: deps }));
      return dir;
    };
    process.chdir(app({ express: '^5.0.0' }));
    expect(codeCacheName(['add', '--dry-run'])).toBe('add-express');
    // check's quick answer (no session package) keeps a cache of its own.
    expect(codeCacheName(['check'])).toBe('check-none');
    process.chdir(app({ express: '^5.0.0', 'express-session': '^1.18.0' }));
    expect(codeCacheName(['check'])).toBe('check-express');
    // A project session-kit set up (its record) is checked in full.
    process.chdir(app({ koa: '^2.0.0' }, ['.session-kit.json']));
    expect(codeCacheName(['check'])).toBe('check-koa');
    // Nest apps depend on express or fastify too: Nest's recogniser runs.
    process.chdir(app({ '@nestjs/core': '^11.0.0', '@nestjs/platform-fastify': '^11.0.0', fastify: '^5.0.0' }));
    expect(codeCacheName(['add'])).toBe('add-nest');
    process.chdir(app({ hono: '^4.0.0', '@hono/session': '^0.2.0' }));
    expect(codeCacheName(['check', '--strict'])).toBe('check-hono');
    process.chdir(app({ lodash: '^4.0.0' }));
    expect(codeCacheName(['info'])).toBe('info');
  });

  it('is "cli" for anything that is not a command (help, unknown words)', () => {
    const dir = project(['Cargo.toml']);
    mkdirSync(path.join(dir, 'sub'));
    process.chdir(dir);
    expect(codeCacheName(['--help'])).toBe('cli');
    expect(codeCacheName(['frobnicate'])).toBe('cli');
    expect(codeCacheName([])).toBe('cli');
  });
});

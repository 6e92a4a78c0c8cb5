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

  it('is "cli" for anything that is not a command (help, unknown words)', () => {
    const dir = project(['Cargo.toml']);
    mkdirSync(path.join(dir, 'sub'));
    process.chdir(dir);
    expect(codeCacheName(['--help'])).toBe('cli');
    expect(codeCacheName(['frobnicate'])).toBe('cli');
    expect(codeCacheName([])).toBe('cli');
  });
});

/**
 * Node built-ins the built CLI loads: those a run does not use are not loaded
 * (each costs start-up time on every run). node:child_process (with net, stream and
 * dgram) is loaded only to start a process; node:v8 only when tree-sitter's wasm
 * compiles, which the Rust fixtures never need (the quick Rust parser reads them).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/app-runner.js';
import { FIXTURES, REPO } from '../helpers/fixtures.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'sk-builtins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PRELOAD = path.join(scratch, 'record.cjs');
writeFileSync(
  PRELOAD,
  "const base = new Set(process.moduleLoadList);\nprocess.on('exit', () => require('fs').writeFileSync(process.env.SK_LOADED, process.moduleLoadList.filter((m) => !base.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));\n",
);

/** The public built-ins (not internal/...) a run of the built CLI loaded. */
async function builtinsLoaded(args: string[], cwd: string): Promise<string[]> {
  const record = path.join(scratch, `loaded-${Math.random().toString(36).slice(2)}`);
  const result = await execa('node', ['-r', PRELOAD, path.join(REPO, 'bin/session-kit.cjs'), ...args], {
    cwd,
    reject: false,
    env: { SK_LOADED: record, SESSION_KIT_CACHE: '0', SESSION_KIT_COMPILE_CACHE: '0', NO_COLOR: '1' },
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((m) => m && !m.startsWith('internal/'));
}

function copyInput(fixture: string): string {
  const dir = path.join(scratch, fixture);
  cpSync(path.join(FIXTURES, fixture, 'input'), dir, { recursive: true });
  return dir;
}

describe('built-ins the built CLI loads', () => {
  assertBuilt();

  it.each(['pavex-new', 'pavex-custom'])(
    '%s: add --dry-run and check load neither child_process nor v8',
    async (fixture) => {
      const dir = copyInput(fixture);
      const add = await builtinsLoaded(['add', '--dry-run', '--no-install', '--yes', '--store', 'postgres'], dir);
      expect(add).not.toContain('child_process');
      expect(add).not.toContain('v8');
      await execa(
        'node',
        [path.join(REPO, 'bin/session-kit.cjs'), 'add', '--yes', '--no-install', '--store', 'postgres'],
        {
          cwd: dir,
          env: { SESSION_KIT_COMPILE_CACHE: '0' },
        },
      );
      const check = await builtinsLoaded(['check'], dir);
      expect(check).not.toContain('child_process');
      expect(check).not.toContain('v8');
      expect(check).not.toContain('crypto');
    },
  );

  it.each(['axum-main', 'actix-web-main'])(
    '%s: add --dry-run and check load no v8 (no tree-sitter); a file the quick parser declines does start it',
    async (fixture) => {
      const dir = copyInput(fixture);
      expect(await builtinsLoaded(['add', '--dry-run', '--no-install', '--yes'], dir)).not.toContain('v8');
      await execa('node', [path.join(REPO, 'bin/session-kit.cjs'), 'add', '--yes', '--no-install'], {
        cwd: dir,
        env: { SESSION_KIT_COMPILE_CACHE: '0' },
      });
      const check = await builtinsLoaded(['check'], dir);
      expect(check).not.toContain('v8');
      expect(check).not.toContain('child_process');
      // A raw string is outside the quick parser: tree-sitter reads the file, and the record shows it.
      const main = path.join(dir, 'src/main.rs');
      writeFileSync(main, `${readFileSync(main, 'utf8')}\nfn raw() -> &'static str {\n    r#"x"#\n}\n`);
      expect(await builtinsLoaded(['check'], dir)).toContain('v8');
    },
  );
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakePackageManagers, parseInvocations, readInvocations } from '../../bench/lib/fake-pm.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('fake package managers', () => {
  it('record one line per process, with its arguments, and succeed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sk-bench-pm-it's-"));
    dirs.push(dir);
    const { binDir, log } = createFakePackageManagers(dir);
    const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` };
    execFileSync('npm', ['i', 'express-session@^1.18.1'], { env });
    execFileSync('pnpm', ['add', '-D', '@types/express-session'], { env });
    expect(readInvocations(log)).toEqual(['npm i express-session@^1.18.1', 'pnpm add -D @types/express-session']);
  });

  it('ignores blank lines when counting', () => {
    expect(parseInvocations('npm i a\n\nnpm i -D b\n')).toEqual(['npm i a', 'npm i -D b']);
  });
});

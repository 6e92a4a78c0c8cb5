/**
 * writeStdout (core/stdout.ts): check's output goes to descriptor 1 without Node's
 * stdout stream (whose stream and net modules cost a run a few ms), arrives whole
 * through a pipe, and a reader that has gone away is not an error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, CLI } from '../helpers/app-runner.js';

function appDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-stdout-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { express: '^5.0.0' } }));
  return dir;
}

// Prints the internal modules loaded after the preload ran, at exit, on stderr.
const PROBE = path.join(mkdtempSync(path.join(os.tmpdir(), 'sk-stdout-probe-')), 'probe.cjs');
writeFileSync(
  PROBE,
  "const seen = new Set(process.moduleLoadList);\nprocess.on('exit', () => require('fs').writeSync(2, JSON.stringify(process.moduleLoadList.filter((m) => !seen.has(m)))));\n",
);

describe('writeStdout', () => {
  it('prints check through a pipe without loading the stream modules', () => {
    assertBuilt();
    const r = spawnSync(process.execPath, ['-r', PROBE, CLI, 'check', '--format', 'json'], {
      cwd: appDir(),
      encoding: 'utf8',
      env: { ...process.env, SESSION_KIT_CACHE: '0' },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1, ok: true });
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded.filter((m) => /\b(?:net|stream|internal\/streams\/readable)$/.test(m))).toEqual([]);
  });

  it('is not an error when the reader has closed the pipe', () => {
    assertBuilt();
    // The reader exits before reading; the CLI's own exit code is the first of the pipeline.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" check | true; echo "exit \${PIPESTATUS[0]}"`], {
      cwd: appDir(),
      encoding: 'utf8',
      env: { ...process.env, SESSION_KIT_CACHE: '0' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('exit 0');
  });
});

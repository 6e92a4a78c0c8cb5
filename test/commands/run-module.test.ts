import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCommandModule } from '../../src/commands/run-module.js';

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => ((stderr += String(chunk)), true),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
});

const failing = async () => ({
  default: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
});

describe('an unexpected error', () => {
  it.each([
    ['add --json', { cwd: '.', json: true }],
    ['check --format json', { cwd: '.', format: 'json' }],
  ])('%s: stdout is one JSON error object, exit 2', async (_, options) => {
    await runCommandModule(failing, options);
    expect(process.exitCode).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      error: {
        code: 'unexpected',
        message: "unexpected error: Cannot read properties of undefined (reading 'x')",
        where: null,
        hint: 'Nothing was written. Re-run with SESSION_KIT_DEBUG=1 for details and report it.',
        manual: null,
      },
    });
  });

  it('without --json: the message on stderr, nothing on stdout', async () => {
    await runCommandModule(failing, { cwd: '.' });
    expect(stdout).toBe('');
    expect(stderr).toContain("session-kit: unexpected error: Cannot read properties of undefined (reading 'x')");
  });
});

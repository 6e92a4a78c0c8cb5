/** The check fast path reads exactly the argument shapes commander would accept, and defers the rest. */
import { describe, expect, it } from 'vitest';
import { fastCheckArgs } from '../../src/check/args.js';

describe('fastCheckArgs', () => {
  it('reads the plain forms with commander defaults', () => {
    expect(fastCheckArgs(['check'])).toEqual({ cwd: '.', format: 'text', paths: [] });
    expect(fastCheckArgs(['check', '--cwd', 'apps/web', '--format', 'github', '--strict', 'src/app.ts'])).toEqual({
      cwd: 'apps/web',
      format: 'github',
      strict: true,
      paths: ['src/app.ts'],
    });
    expect(fastCheckArgs(['check', '--format=json', '--cwd=x', 'a', '--', '--weird-file'])).toEqual({
      cwd: 'x',
      format: 'json',
      paths: ['a', '--weird-file'],
    });
  });

  it('defers help, unknown options, bad values and other commands to commander', () => {
    expect(fastCheckArgs(['check', '--help'])).toBeNull();
    expect(fastCheckArgs(['check', '-h'])).toBeNull();
    expect(fastCheckArgs(['check', '--format', 'xml'])).toBeNull();
    expect(fastCheckArgs(['check', '--cwd'])).toBeNull();
    expect(fastCheckArgs(['check', '--cwd', '--strict'])).toBeNull();
    expect(fastCheckArgs(['check', '--fix'])).toBeNull();
    expect(fastCheckArgs(['add', '--store', 'memory'])).toBeNull();
    expect(fastCheckArgs([])).toBeNull();
  });
});

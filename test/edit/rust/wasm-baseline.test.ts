/** The baseline-wasm window returns what it wraps, nests, and closes on failure too. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { budgetSetByUser, defaultTieringBudget, withBaselineWasm } from '../../../src/edit/rust/wasm-baseline.js';

describe('withBaselineWasm', () => {
  it("sets the budget back to the running V8's own default (flags that differ from it make compiled-code caches miss)", () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    const declared = /--wasm-tiering-budget \(.*\n\s*type: int\s+default: --wasm-tiering-budget=(\d+)/.exec(
      options,
    )?.[1];
    expect(declared, 'node --v8-options names the default').toBeDefined();
    expect(defaultTieringBudget()).toBe(Number(declared));
  });

  it('returns the result, also when nested', async () => {
    const result = await withBaselineWasm(async () => (await withBaselineWasm(async () => 20)) + 1);
    expect(result).toBe(21);
  });

  it('passes a failure through and can be used again afterwards', async () => {
    await expect(withBaselineWasm(async () => Promise.reject(new Error('bad wasm')))).rejects.toThrow('bad wasm');
    const module = await withBaselineWasm(() => WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])));
    expect(module).toBeInstanceOf(WebAssembly.Module);
  });

  it('leaves a tiering budget the user set in NODE_OPTIONS alone', () => {
    const saved = process.env.NODE_OPTIONS;
    try {
      process.env.NODE_OPTIONS = '--max-old-space-size=512';
      expect(budgetSetByUser()).toBe(false);
      process.env.NODE_OPTIONS = '--wasm-tiering-budget=5';
      expect(budgetSetByUser()).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });
});

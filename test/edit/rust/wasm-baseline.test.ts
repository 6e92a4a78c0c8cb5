/** The baseline-wasm window returns what it wraps, nests, and closes on failure too. */
import { describe, expect, it } from 'vitest';
import { budgetSetByUser, withBaselineWasm } from '../../../src/edit/rust/wasm-baseline.js';

describe('withBaselineWasm', () => {
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

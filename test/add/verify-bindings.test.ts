import { afterEach, describe, expect, it, vi } from 'vitest';
import { bindingProblems } from '../../src/add/verify-bindings.js';
import { parseJs } from '../../src/edit/js/parse.js';
import { longSetupFile } from '../../bench/lib/long-file.mjs';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bindingProblems on a long file', () => {
  // Work counted, not time: array iteration steps over a file with one route (two
  // parameters) per three lines must grow with the file, not with its square.
  it('iterates in proportion to the file: twice the routes, about twice the steps', async () => {
    const steps = async (lines: number) => {
      const ast = await parseJs(`const top1 = 1, top2 = 2;\n${longSetupFile(lines, true)}`, `long-${lines}.js`);
      const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as { next: () => unknown };
      const next = vi.spyOn(arrayIterator, 'next');
      const problems = bindingProblems(ast, []);
      const count = next.mock.calls.length;
      next.mockRestore();
      expect(problems).toEqual([]);
      return count;
    };
    const small = await steps(3000);
    const large = await steps(6000);
    expect(large / small).toBeLessThan(2.5);
  }, 60_000);

  it('still finds a collision and a use before declaration', async () => {
    const text = 'const a = 1;\nuse(b);\nconst b = 2;\nconst a2 = 3;\n';
    const ast = await parseJs(text, 'small.js');
    const inserted = [{ start: text.indexOf('use(b)'), end: text.indexOf('use(b)') + 7 }];
    expect(bindingProblems(ast, inserted).map((p) => p.kind)).toEqual(['use-before-declaration']);
  });
});

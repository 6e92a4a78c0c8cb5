/** The add pipeline's order: detect → plan → verify, and a refusal by verify stops add before anything is shown or written. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { Plan } from '../../src/core/plan.js';
import type { VerifyTarget } from '../../src/add/verify.js';
import { copyFixture, listFiles } from '../helpers/fixtures.js';

const verifyPlan = vi.hoisted(() => vi.fn<(plan: Plan, target: VerifyTarget) => Promise<void>>());
vi.mock('../../src/add/verify.js', async (original) => ({
  ...(await original<typeof import('../../src/add/verify.js')>()),
  verifyPlan,
}));

const { planAdd } = await import('../../src/add/pipeline.js');
const { verifyPlan: realVerifyPlan } =
  await vi.importActual<typeof import('../../src/add/verify.js')>('../../src/add/verify.js');

afterEach(() => verifyPlan.mockReset());

describe('add pipeline', () => {
  it('verifies the finished plan, with the project and framework it was planned for', async () => {
    const dir = copyFixture('express4-cjs');
    verifyPlan.mockResolvedValue(undefined);
    const plan = await planAdd({ cwd: dir, store: 'memory', yes: true, install: false }, false);
    expect(verifyPlan).toHaveBeenCalledTimes(1);
    const [verified, target] = verifyPlan.mock.calls[0];
    expect(verified).toBe(plan);
    // Finished: the record for remove and the install commands are already in it.
    expect(verified.files.map((f) => f.path)).toContain('.session-kit.json');
    expect(verified.installCommands.length).toBeGreaterThan(0);
    expect(target.project.root).toBe(plan.root);
    expect(target.framework.id).toBe('express');
    expect(target.detection.setupFile).toBe('app.js');
    expect(target.fixOrder).toBe(false);
  });

  it('a refusal by verify is the refusal of add, and nothing is written', async () => {
    const dir = copyFixture('express4-cjs');
    const before = Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    verifyPlan.mockRejectedValue(new UserError('two session setups', { code: 'refused' }));
    await expect(planAdd({ cwd: dir, store: 'memory', yes: true, install: false }, false)).rejects.toThrow(
      'two session setups',
    );
    expect(Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]))).toEqual(before);
  });
});

describe('verifyPlan', () => {
  const plan = {} as Plan;
  const target = {} as VerifyTarget;

  it('runs every check in order and passes a plan they all accept', async () => {
    const seen: string[] = [];
    await realVerifyPlan(plan, target, [() => void seen.push('a'), async () => void seen.push('b')]);
    expect(seen).toEqual(['a', 'b']);
  });

  it('stops at the first check that refuses', async () => {
    const seen: string[] = [];
    const refuse = () => {
      throw new UserError('refused here');
    };
    await expect(realVerifyPlan(plan, target, [refuse, () => void seen.push('after')])).rejects.toThrow('refused here');
    expect(seen).toEqual([]);
  });
});

/**
 * The one preview → confirm → apply → report run that add and remove share: which of
 * the pipeline's messages is printed for each outcome, and that a declined question
 * or a dry run writes nothing. (The built-CLI tests cover the non-interactive paths end
 * to end; the terminal question is only reachable here.)
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlanBuilder, type Plan } from '../../src/core/plan.js';
import type { PlanMessages } from '../../src/core/plan-runner.js';

const confirm = vi.hoisted(() => vi.fn<() => Promise<boolean | symbol>>());
vi.mock('@clack/prompts', () => ({ confirm, isCancel: (value: unknown) => typeof value === 'symbol' }));

const { runPlan } = await import('../../src/core/plan-runner.js');

let stdout: string[];
beforeEach(() => {
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  confirm.mockReset();
});

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-runner-'));
  writeFileSync(path.join(dir, 'app.js'), 'const app = 1;\n');
  return dir;
}

function planFor(dir: string, change: boolean): Plan {
  const builder = new PlanBuilder(
    {
      command: 'add',
      root: dir,
      framework: { id: 'express', name: 'Express', setupFile: 'app.js' },
      store: 'memory',
      packageManager: null,
      ecosystem: 'node',
    },
    (rel) => (existsSync(path.join(dir, rel)) ? readFileSync(path.join(dir, rel), 'utf8') : null),
  );
  if (change) builder.create('session.js', 'export const session = 1;\n', 'the session module');
  return builder.finish();
}

const messages: PlanMessages = {
  nothingToDo: { json: { alreadySetUp: true }, sections: () => ['NOTHING', ''] },
  dryRun: { json: { dryRun: true }, sections: () => ['DRY'] },
  preview: () => ['PREVIEW'],
  question: 'Go?',
  declined: 'Declined; nothing was written.',
  applied: (installed) => ({
    json: { applied: true, installed },
    sections: () => ['DONE', installed ? 'INSTALLED' : 'NOT INSTALLED'],
  }),
};
const quiet = { interactive: false, color: false };

describe('runPlan', () => {
  it('a plan that changes nothing prints the nothing-to-do sections, empty ones left out', async () => {
    const dir = project();
    expect(await runPlan(planFor(dir, false), messages, {}, quiet)).toBe(0);
    expect(stdout.join('')).toBe('NOTHING\n');
  });

  it('--dry-run prints the diff then the dry-run sections, and writes nothing', async () => {
    const dir = project();
    expect(await runPlan(planFor(dir, true), messages, { dryRun: true }, quiet)).toBe(0);
    const text = stdout.join('');
    expect(text).toContain('+++ b/session.js');
    expect(text.trimEnd().endsWith('\n\nDRY')).toBe(true);
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });

  it('--dry-run --json is the plan as JSON with the pipeline fields, and no diff', async () => {
    const dir = project();
    await runPlan(planFor(dir, true), messages, { dryRun: true, json: true }, quiet);
    const json = JSON.parse(stdout.join(''));
    expect(json).toMatchObject({ ok: true, dryRun: true, command: 'add' });
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['session.js']);
  });

  it('in a terminal: shows diff and preview, asks, and a no refuses with the pipeline message and writes nothing', async () => {
    const dir = project();
    confirm.mockResolvedValue(false);
    await expect(runPlan(planFor(dir, true), messages, {}, { interactive: true, color: false })).rejects.toMatchObject({
      message: 'Declined; nothing was written.',
      code: 'cancelled',
      exitCode: 2,
    });
    expect(confirm).toHaveBeenCalledWith({ message: 'Go?' });
    expect(stdout.join('')).toMatch(/\+\+\+ b\/session\.js[\s\S]*\n\nPREVIEW\n$/);
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });

  it('in a terminal, a yes applies the plan and prints the applied sections', async () => {
    const dir = project();
    confirm.mockResolvedValue(true);
    expect(await runPlan(planFor(dir, true), messages, { install: false }, { interactive: true, color: false })).toBe(
      0,
    );
    expect(readFileSync(path.join(dir, 'session.js'), 'utf8')).toBe('export const session = 1;\n');
    expect(stdout.at(-1)).toBe('DONE\n\nNOT INSTALLED\n');
  });

  it('without a terminal it applies without asking; --json reports the applied fields', async () => {
    const dir = project();
    await runPlan(planFor(dir, true), messages, { json: true, install: false }, quiet);
    expect(confirm).not.toHaveBeenCalled();
    expect(JSON.parse(stdout.join(''))).toMatchObject({ applied: true, installed: false });
    expect(existsSync(path.join(dir, 'session.js'))).toBe(true);
  });
});

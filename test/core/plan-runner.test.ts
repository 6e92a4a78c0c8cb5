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
const select = vi.hoisted(() => vi.fn<() => Promise<string | symbol>>());
// clack's output as lines of the fake screen, so what the flow says can be asserted.
const screen = vi.hoisted(() => [] as string[]);
vi.mock('@clack/prompts', () => ({
  confirm,
  select,
  isCancel: (value: unknown) => typeof value === 'symbol',
  intro: (text: string) => screen.push(`intro ${text}`),
  outro: (text: string) => screen.push(`outro ${text}`),
  cancel: (text: string) => screen.push(`cancel ${text}`),
  log: {
    step: (text: string) => screen.push(`step ${text}`),
    message: (text: string) => screen.push(`message ${text}`),
    success: (text: string) => screen.push(`success ${text}`),
    info: (text: string) => screen.push(`info ${text}`),
  },
}));

const { runPlan, withNativeNote } = await import('../../src/core/plan-runner.js');

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
  select.mockReset();
  screen.length = 0;
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

  it('in a terminal: the compact plan and preview in the gutter, no diff; No cancels with the pipeline message and writes nothing', async () => {
    const dir = project();
    select.mockResolvedValue('no');
    await expect(runPlan(planFor(dir, true), messages, {}, { interactive: true, color: false })).rejects.toMatchObject({
      message: 'Declined; nothing was written.',
      code: 'cancelled',
      exitCode: 2,
      shown: true,
    });
    expect(select).toHaveBeenCalledWith(expect.objectContaining({ message: 'Go?' }));
    expect(screen).toEqual([
      'intro  session-kit add   Express · setup file app.js',
      'step The plan',
      'message + session.js  new, 1 line  the session module\n\nPREVIEW',
      'cancel Declined; nothing was written.',
    ]);
    expect(stdout.join('')).toBe('');
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });

  it('in a terminal, "show the diff" prints the diff and asks again; a no there cancels', async () => {
    const dir = project();
    select.mockResolvedValue('diff');
    confirm.mockResolvedValue(false);
    await expect(runPlan(planFor(dir, true), messages, {}, { interactive: true, color: false })).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(screen.find((line) => line.includes('+++ b/session.js'))).toMatch(/^message create session\.js/);
    expect(confirm).toHaveBeenCalledWith({ message: 'Go?' });
    expect(screen.at(-1)).toBe('cancel Declined; nothing was written.');
    expect(existsSync(path.join(dir, 'session.js'))).toBe(false);
  });

  it('in a terminal, a yes applies the plan and ends with the numbered next steps and the outro', async () => {
    const dir = project();
    select.mockResolvedValue('yes');
    const finishing: PlanMessages = {
      ...messages,
      finished: (installed) => ({
        report: `REPORT ${installed}`,
        steps: ['first', 'second'],
        after: 'AGAIN',
        outro: 'BYE',
      }),
    };
    expect(await runPlan(planFor(dir, true), finishing, { install: false }, { interactive: true, color: false })).toBe(
      0,
    );
    expect(readFileSync(path.join(dir, 'session.js'), 'utf8')).toBe('export const session = 1;\n');
    expect(screen.slice(-5)).toEqual([
      'success REPORT false',
      'step Next steps',
      'message 1. first\n2. second',
      'info AGAIN',
      'outro BYE',
    ]);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('without a terminal it applies without asking; --json reports the applied fields', async () => {
    const dir = project();
    await runPlan(planFor(dir, true), messages, { json: true, install: false }, quiet);
    expect(confirm).not.toHaveBeenCalled();
    expect(JSON.parse(stdout.join(''))).toMatchObject({ applied: true, installed: false });
    expect(existsSync(path.join(dir, 'session.js'))).toBe(true);
  });
});

describe('withNativeNote', () => {
  it("says a planned native package's build may take minutes; other steps pass unchanged", () => {
    const native = new Set(['better-sqlite3']);
    expect(withNativeNote('building better-sqlite3 (its install script)', native)).toBe(
      'building better-sqlite3 (native: minutes if it compiles from source)',
    );
    expect(withNativeNote('building esbuild (its postinstall script)', native)).toBe(
      'building esbuild (its postinstall script)',
    );
    expect(withNativeNote('fetching better-sqlite3', native)).toBe('fetching better-sqlite3');
    expect(withNativeNote(null, native)).toBeNull();
  });
});

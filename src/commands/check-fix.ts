/**
 * `session-kit check --fix`: the safe, local repairs check's findings carry
 * (`saveUninitialized: false`, trusting the proxy), applied as splices through the same
 * preview → confirm → apply (all or nothing) → report as add and remove. Everything
 * else is left to a person and listed. Loaded only with --fix, so the check bundle
 * holds none of the runner.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { outcomeOf } from '../check/result.js';
import { runChecks } from '../check/run.js';
import type { CheckFinding } from '../check/types.js';
import { PlanBuilder } from '../core/plan.js';
import { runPlan, terminalFor, type PlanMessages, type RunFlags } from '../core/plan-runner.js';
import { renderReport } from '../core/render.js';

export interface CheckFixOptions extends RunFlags {
  cwd?: string;
  paths?: string[];
}

function readIn(root: string) {
  return (rel: string) => {
    try {
      return readFileSync(path.join(root, rel), 'utf8');
    } catch {
      return null;
    }
  };
}

function listOf(findings: CheckFinding[]): string {
  return findings.map((f) => `  ${f.file}:${f.line}: ${f.ruleId}: ${f.fix}`).join('\n');
}

export default async function checkFix(options: CheckFixOptions): Promise<number> {
  const report = await runChecks(options.cwd ?? '.', options.paths ?? [], false);
  const terminal = terminalFor(options);
  let exit = 0;
  const repairable = report.projects.filter((p) => p.findings.some((f) => f.repair));
  if (repairable.length === 0) {
    const outcome = outcomeOf(report);
    const left = outcome.findings;
    process.stdout.write(
      left.length === 0
        ? 'Nothing to repair: check finds no problem.\n'
        : `Nothing check --fix can repair; these need a person:\n${left.map((f) => `  ${f.path}:${f.line}: ${f.ruleId}: ${f.fix}`).join('\n')}\n`,
    );
    return outcome.exitCode;
  }
  for (const project of repairable) {
    const builder = new PlanBuilder(
      {
        command: 'check',
        root: project.root,
        framework: {
          id: project.framework?.id ?? 'none',
          name: project.framework?.name ?? 'the project',
          setupFile: null,
        },
        store: null,
        packageManager: null,
        ecosystem: 'node',
      },
      readIn(project.root),
    );
    const seen = new Set<string>();
    for (const finding of project.findings) {
      const repair = finding.repair;
      if (!repair) continue;
      const key = `${repair.file}\0${JSON.stringify(repair.splices)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      builder.edit(repair.file, repair.splices, `check --fix: ${repair.what} (${finding.ruleId})`);
    }
    const plan = builder.finish();
    const manual = project.findings.filter((f) => !f.repair);
    const left = manual.length ? `Left for you (run session-kit check again after these):\n${listOf(manual)}` : '';
    const messages: PlanMessages = {
      nothingToDo: { json: { applied: false }, sections: () => ['Nothing to repair.', left] },
      dryRun: {
        json: { applied: false, dryRun: true },
        sections: () => [renderReport(plan, terminal.color, true), left],
      },
      preview: () => [left],
      question: 'Apply these repairs?',
      declined: 'Cancelled; nothing was changed.',
      applied: () => ({ json: { applied: true }, sections: () => [renderReport(plan, terminal.color, false), left] }),
      finished: () => ({
        report: [renderReport(plan, terminal.color, false, false), left].filter(Boolean).join('\n'),
        steps: [],
        outro: 'Repaired what check --fix can; run session-kit check to confirm.',
      }),
    };
    exit = Math.max(exit, await runPlan(plan, messages, { ...options, install: false }, terminal));
  }
  return exit;
}

/**
 * The outcome of a check run, shared by the formatters: findings with display paths
 * (relative to the directory check was started from, as CI annotations expect), counts
 * and the exit code (0 clean, 1 problems; warnings count only with --strict).
 */
import path from 'node:path';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED } from '../core/errors.js';
import type { CheckFinding, CheckReport, ProjectReport } from './types.js';

export interface ShownFinding extends CheckFinding {
  /** Path shown to the user and in annotations. */
  path: string;
  /** Display path of the project root ("." for the current directory). */
  project: string;
}

export interface CheckOutcome {
  findings: ShownFinding[];
  projects: (ProjectReport & { display: string })[];
  errors: number;
  warnings: number;
  strict: boolean;
  exitCode: number;
}

export function displayPath(abs: string, from: string = process.cwd()): string {
  const rel = path.relative(from, abs).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}

export function outcomeOf(report: CheckReport): CheckOutcome {
  const projects = report.projects.map((p) => ({ ...p, display: displayPath(p.root) }));
  const findings = projects.flatMap((p) =>
    p.findings.map((f) => ({ ...f, path: displayPath(path.join(p.root, f.file)), project: p.display })),
  );
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const checked = projects.filter((p) => p.status !== 'no-session');
  let exitCode = EXIT_OK;
  if (errors > 0 || (report.strict && warnings > 0)) exitCode = EXIT_PROBLEMS;
  if (report.strict && checked.length === 0) exitCode = EXIT_PROBLEMS;
  if (projects.some((p) => p.status === 'unreadable')) exitCode = EXIT_REFUSED;
  return { findings, projects, errors, warnings, strict: report.strict, exitCode };
}

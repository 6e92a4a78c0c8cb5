/**
 * The JSON report. Its schema is stable (documented in the README) and versioned by
 * `schemaVersion`: fields are only ever added.
 */
import type { CheckOutcome } from '../result.js';

export const CHECK_SCHEMA_VERSION = 1;

export function formatJson(outcome: CheckOutcome): string {
  return JSON.stringify(
    {
      schemaVersion: CHECK_SCHEMA_VERSION,
      ok: outcome.exitCode === 0,
      exitCode: outcome.exitCode,
      strict: outcome.strict,
      summary: {
        projects: outcome.projects.length,
        checked: outcome.projects.filter((p) => p.status === 'checked').length,
        errors: outcome.errors,
        warnings: outcome.warnings,
      },
      projects: outcome.projects.map((p) => ({
        path: p.display,
        framework: p.framework?.id ?? null,
        status: p.status,
        message: p.message,
        errors: p.findings.filter((f) => f.severity === 'error').length,
        warnings: p.findings.filter((f) => f.severity === 'warning').length,
      })),
      findings: outcome.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        file: f.path,
        line: f.line,
        column: f.column,
        message: f.message,
        fix: f.fix,
        project: f.project,
      })),
    },
    null,
    2,
  );
}

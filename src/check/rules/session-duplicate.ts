/**
 * Two session setups for one app, in any files it loads: the second middleware reads
 * and writes the same cookie, so one of them silently wins (usually the store the
 * user did not mean) and the other's sessions are lost.
 */
import type { SessionSetup } from '../session-setups.js';
import type { CheckFinding, GenericRule } from '../types.js';

export const SESSION_DUPLICATE = 'session-duplicate';

export function duplicateFindings(setups: SessionSetup[]): CheckFinding[] {
  const [first, ...rest] = setups;
  return rest.map((setup) => ({
    ruleId: SESSION_DUPLICATE,
    severity: 'error' as const,
    file: setup.file,
    line: setup.line,
    column: setup.column,
    message: `a second session setup (${setup.library}) for this app; the first is at ${first.file}:${first.line} (${first.library}): both handle the same requests, so one session silently replaces the other and its store`,
    fix: `Keep one session setup: remove this one or the one at ${first.file}:${first.line}.`,
  }));
}

export const sessionDuplicate: GenericRule = {
  ids: [SESSION_DUPLICATE],
  ecosystems: ['node', 'rust'],
  run: (ctx) => duplicateFindings(ctx.sessionSetups),
};

/** `file:line:col: error|warning: message [rule]` and an indented fix hint per finding. */
import type { CheckOutcome } from '../result.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(outcome: CheckOutcome): string {
  const lines: string[] = [];
  for (const f of outcome.findings) {
    lines.push(`${f.path}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]`);
    if (f.fix) lines.push(`  fix: ${f.fix}`);
  }
  const checked = outcome.projects.filter((p) => p.status !== 'no-session');
  const withoutSession = outcome.projects.filter((p) => p.status === 'no-session');
  if (checked.length === 0) {
    // Only the projects the user could mean: at a monorepo root, every package said so.
    if (outcome.projects.length === 1) lines.push(`${outcome.projects[0].display}: ${outcome.projects[0].message}`);
    else
      lines.push(
        `No session setup found in any of the ${outcome.projects.length} workspace packages: run \`session-kit add --cwd <app>\` to set one up.`,
      );
    if (outcome.strict) lines.push('--strict: a project without a session setup fails the check.');
    return lines.join('\n');
  }
  // A handful of projects are named; a monorepo's hundreds are counted.
  const names =
    checked.length <= 5
      ? checked.map((p) => `${p.display}${p.framework ? ` (${p.framework.name})` : ''}`).join(', ')
      : `${checked.length} projects`;
  const problems = outcome.errors + outcome.warnings;
  if (lines.length) lines.push('');
  lines.push(
    problems === 0
      ? `No session problems in ${names}.`
      : `${plural(outcome.errors, 'error')}, ${plural(outcome.warnings, 'warning')} in ${names}${outcome.errors === 0 && !outcome.strict ? ' (warnings fail only with --strict)' : ''}.`,
  );
  for (const p of checked) if (p.message) lines.push(`${p.display}: note: ${p.message}.`);
  if (withoutSession.length && outcome.projects.length > 1) {
    const skipped =
      withoutSession.length <= 5
        ? withoutSession.map((p) => p.display).join(', ')
        : `${withoutSession.length} packages`;
    lines.push(`Skipped (no session setup): ${skipped}.`);
  }
  return lines.join('\n');
}

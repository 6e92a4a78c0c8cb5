/** `file:line:col: error|warning: message [rule]` and an indented fix hint per finding. */
import path from 'node:path';
import type { CheckOutcome } from '../result.js';
import { selfPrefix, shellWord } from '../../core/self-command.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A project as the summary names it: the folder's own name for the current directory, not ".". */
function projectName(p: CheckOutcome['projects'][number]): string {
  return p.display === '.' ? path.basename(p.root) || p.root : p.display;
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
    if (outcome.projects.length === 1)
      lines.push(`${projectName(outcome.projects[0])}: ${outcome.projects[0].message}`);
    else
      lines.push(
        `No session setup found in any of the ${outcome.projects.length} workspace packages: run \`${selfPrefix()} add --cwd ${shellWord(outcome.projects[0].display)}\` (or --cwd another of them) to set one up.`,
      );
    if (outcome.strict) lines.push('--strict: a project without a session setup fails the check.');
    return lines.join('\n');
  }
  // A handful of projects are named; a monorepo's hundreds are counted.
  const names =
    checked.length <= 5
      ? checked.map((p) => `${projectName(p)}${p.framework ? ` (${p.framework.name})` : ''}`).join(', ')
      : `${checked.length} projects`;
  const problems = outcome.errors + outcome.warnings;
  if (lines.length) lines.push('');
  lines.push(
    problems === 0
      ? `No session problems in ${names}.`
      : `${plural(outcome.errors, 'error')}, ${plural(outcome.warnings, 'warning')} in ${names}${outcome.errors === 0 && !outcome.strict ? ' (warnings fail only with --strict)' : ''}.`,
  );
  for (const p of checked) if (p.message) lines.push(`${projectName(p)}: note: ${p.message}.`);
  if (withoutSession.length && outcome.projects.length > 1) {
    const skipped =
      withoutSession.length <= 5
        ? withoutSession.map((p) => p.display).join(', ')
        : `${withoutSession.length} packages`;
    lines.push(`Skipped (no session setup): ${skipped}.`);
  }
  return lines.join('\n');
}

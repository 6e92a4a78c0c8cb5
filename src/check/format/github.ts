/**
 * GitHub Actions workflow commands: each finding becomes an annotation on its line
 * of the pull request (`::error file=...,line=...,col=...,title=...::message`).
 */
import type { CheckOutcome } from '../result.js';

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(outcome: CheckOutcome): string {
  const lines = outcome.findings.map(
    (f) =>
      `::${f.severity} file=${escapeProperty(f.path)},line=${f.line},col=${f.column},title=${escapeProperty(`session-kit ${f.ruleId}`)}::${escapeData(`${f.message}\nfix: ${f.fix}`)}`,
  );
  const checked = outcome.projects.filter((p) => p.status !== 'no-session');
  if (checked.length === 0) {
    const message =
      outcome.projects.length === 1
        ? `${outcome.projects[0].display}: ${outcome.projects[0].message}`
        : 'No session setup found in any workspace package.';
    lines.push(`::${outcome.strict ? 'error' : 'notice'} title=session-kit::${escapeData(message)}`);
  } else {
    lines.push(
      `session-kit check: ${outcome.errors} error(s), ${outcome.warnings} warning(s) in ${checked.length} project(s).`,
    );
  }
  return lines.join('\n');
}

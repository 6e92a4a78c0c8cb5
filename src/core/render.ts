/**
 * Renders a plan for people (--dry-run: coloured unified diffs, install commands,
 * env keys) and for machines (--json). Generated secrets never appear in either, nor
 * the values already in the user's .env (only their keys).
 */
import pc from 'picocolors';
import { formatCommand } from './install.js';
import { changedLineCounts, unifiedPatch } from './line-diff.js';
import { secretValues, type Plan, type PlannedFile } from './plan.js';

export const REDACTED = '<generated secret, hidden>';
/** What a value already in the user's .env shows as: the key is enough to review a change. */
export const KEPT = '<kept>';

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}

/** A .env of the user (not a documented .env.example): its values are theirs and stay unprinted. */
export function isPrivateEnvFile(file: Pick<PlannedFile, 'path' | 'role'>): boolean {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  return /^\.env(?:\.|$)/.test(name) && !/\.(?:example|sample|template|dist|defaults)$/.test(name);
}

const ENV_ASSIGNMENT = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=)(.*)$/;

/**
 * A .env text with every value hidden except the non-secret ones this plan writes
 * (which are session-kit's own defaults): `STRIPE_SECRET=<kept>`. Quoted values that
 * run over several lines are hidden line by line until their closing quote.
 */
export function maskEnvValues(text: string, plan: Plan): string {
  const shown = new Map(
    plan.env.filter((e) => !e.secret && e.value !== undefined).map((e) => [e.key, e.value as string]),
  );
  const generated = new Map(
    plan.env.filter((e) => e.secret && e.value !== undefined).map((e) => [e.key, e.value as string]),
  );
  let openQuote: string | null = null;
  return text
    .split(/(\r?\n)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      if (openQuote) {
        if (part.includes(openQuote)) openQuote = null;
        return part === '' ? part : KEPT;
      }
      const match = ENV_ASSIGNMENT.exec(part);
      if (!match) return part;
      const key = match[1].replace(/^\s*(?:export\s+)?/, '').replace(/\s*=$/, '');
      const value = match[2];
      if (value.trim() === '') return part;
      if (shown.get(key) === value) return part;
      if (generated.get(key) === value) return match[1] + REDACTED;
      const quote = /^\s*(["'`])/.exec(value)?.[1];
      if (quote && !value.trim().slice(1).includes(quote)) openQuote = quote;
      return match[1] + KEPT;
    })
    .join('');
}

/** A file's text as it may be printed: generated secrets and a .env's values hidden. */
function printable(file: PlannedFile, text: string, plan: Plan, secrets: string[]): string {
  return redact(isPrivateEnvFile(file) ? maskEnvValues(text, plan) : text, secrets);
}

function fileStatus(file: PlannedFile): 'create' | 'update' | 'delete' | 'unchanged' {
  if (file.before === file.after) return 'unchanged';
  if (file.before === null) return 'create';
  if (file.after === null) return 'delete';
  return 'update';
}

export async function renderDiff(plan: Plan, color: boolean): Promise<string> {
  const diff = await import('diff');
  const secrets = secretValues(plan);
  const c = color ? pc : pc.createColors(false);
  const out: string[] = [];
  for (const file of plan.files) {
    const status = fileStatus(file);
    if (status === 'unchanged') continue;
    // The manifest is bookkeeping for `remove`; its body would drown the real changes.
    if (file.role === 'record') {
      out.push(c.bold(`${status} ${file.path}`) + c.dim(`  (${file.reason}; contents not shown)`));
      continue;
    }
    const patch = unifiedPatch(
      diff,
      file.before === null ? '/dev/null' : `a/${file.path}`,
      file.after === null ? '/dev/null' : `b/${file.path}`,
      printable(file, file.before ?? '', plan, secrets),
      printable(file, file.after ?? '', plan, secrets),
      3,
    );
    out.push(c.bold(`${status} ${file.path}`) + c.dim(`  (${file.reason})`));
    for (const line of patch.split('\n').slice(1)) {
      // The file headers end in a tab before an empty timestamp: dropped, as git prints them.
      if (line.startsWith('+++') || line.startsWith('---')) out.push(c.bold(line.replace(/\t$/, '')));
      else if (line.startsWith('+')) out.push(c.green(line));
      else if (line.startsWith('-')) out.push(c.red(line));
      else if (line.startsWith('@@')) out.push(c.cyan(line));
      else out.push(line);
    }
  }
  return out.join('\n');
}

/** Lines of a text, counted as a diff counts them (a last line without a newline counts). */
const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

/**
 * The plan in a few lines, one per changed file: `+` created, `~` edited with its added and
 * removed line counts, `-` deleted; the full diff is for --dry-run or the "show the diff" choice.
 */
export async function renderCompactPlan(plan: Plan, color: boolean): Promise<string> {
  const diff = await import('diff');
  const c = color ? pc : pc.createColors(false);
  const rows: [string, string, string, string][] = [];
  for (const file of plan.files) {
    const status = fileStatus(file);
    if (status === 'unchanged') continue;
    if (status === 'create') rows.push(['+', file.path, `new, ${lines(lineCount(file.after ?? ''))}`, file.reason]);
    else if (status === 'delete')
      rows.push(['-', file.path, `deleted, ${lines(lineCount(file.before ?? ''))}`, file.reason]);
    else {
      const { added, removed } = changedLineCounts(diff, file.before ?? '', file.after ?? '');
      rows.push(['~', file.path, `+${added} −${removed}`, file.reason]);
    }
  }
  const pathWidth = Math.max(0, ...rows.map((r) => r[1].length));
  const countWidth = Math.max(0, ...rows.map((r) => r[2].length));
  const paint = { '+': c.green, '-': c.red, '~': c.yellow } as Record<string, (s: string) => string>;
  const out = rows.map(
    ([mark, file, count, reason]) =>
      `${paint[mark](mark)} ${file.padEnd(pathWidth)}  ${count.padEnd(countWidth)}  ${c.dim(reason)}`,
  );
  const specs = (dev: boolean) =>
    plan.dependencies
      .filter((d) => d.dev === dev)
      .map((d) => `${d.name}@${d.version}`)
      .join(', ');
  if (specs(false)) out.push(`${c.bold('Packages:')} ${specs(false)}`);
  if (specs(true)) out.push(`${c.bold('Dev packages:')} ${specs(true)}`);
  if (plan.removeDependencies.length) out.push(`${c.bold('Packages removed:')} ${plan.removeDependencies.join(', ')}`);
  return out.join('\n');
}

const lines = (n: number) => (n === 1 ? '1 line' : `${n} lines`);

export function renderSummary(plan: Plan, color: boolean): string {
  const c = color ? pc : pc.createColors(false);
  const lines: string[] = [];
  if (plan.installCommands.length) {
    lines.push(c.bold('Install:'));
    for (const command of plan.installCommands) lines.push(`  ${formatCommand(command)}`);
  }
  if (plan.env.length) {
    lines.push(c.bold('Environment:'));
    const width = Math.max(...plan.env.map((env) => env.key.length));
    for (const env of plan.env)
      lines.push(
        `  ${env.key.padEnd(width)}  ${c.dim(env.secret ? `${env.description} (generated into .env, never printed)` : env.description)}`,
      );
  }
  if (plan.migrations.length) {
    lines.push(c.bold('Migrations:'));
    for (const m of plan.migrations) lines.push(`  ${m.path}  ${c.dim(`${m.tool}, ${m.dialect}, table ${m.table}`)}`);
  }
  if (plan.warnings.length) {
    lines.push(c.bold(c.yellow('Warnings:')));
    for (const w of plan.warnings) lines.push(`  ${w}`);
  }
  return lines.join('\n');
}

export function renderReport(plan: Plan, color: boolean, dryRun: boolean, withSteps = true): string {
  const c = color ? pc : pc.createColors(false);
  const lines: string[] = [c.bold(dryRun ? 'Would change:' : 'Files:')];
  for (const file of plan.files) {
    const status = fileStatus(file);
    const label = {
      create: dryRun ? 'create ' : 'created',
      update: dryRun ? 'update ' : 'updated',
      delete: dryRun ? 'delete ' : 'deleted',
      unchanged: 'unchanged',
    }[status];
    const paint = status === 'unchanged' ? c.dim : status === 'delete' ? c.red : c.green;
    lines.push(`  ${paint(label.padEnd(9))} ${file.path}`);
  }
  if (withSteps && plan.nextSteps.length) {
    lines.push(c.bold('Next steps:'));
    for (const [i, s] of plan.nextSteps.entries()) lines.push(`  ${i + 1}. ${s}`);
  }
  return lines.join('\n');
}

/** The plan as JSON: stable keys, secrets redacted, file contents included. */
export function planToJson(plan: Plan, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const secrets = secretValues(plan);
  return {
    ok: true,
    ...extra,
    command: plan.command,
    root: plan.root,
    framework: plan.framework,
    store: plan.store,
    packageManager: plan.packageManager,
    files: plan.files.map((f) => ({
      path: f.path,
      status: fileStatus(f),
      role: f.role,
      reason: f.reason,
      before: f.before === null ? null : printable(f, f.before, plan, secrets),
      after: f.after === null ? null : printable(f, f.after, plan, secrets),
    })),
    dependencies: plan.dependencies.map(({ name, version, dev, why }) => ({ name, version, dev, why })),
    removeDependencies: plan.removeDependencies,
    installCommands: plan.installCommands,
    env: plan.env.map(({ key, description, example, secret }) => ({ key, description, example, secret })),
    migrations: plan.migrations,
    nextSteps: plan.nextSteps,
    warnings: plan.warnings,
  };
}

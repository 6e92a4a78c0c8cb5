/**
 * Secrets and settings go to .env (git-ignored), placeholders to .env.example.
 * Keys already present are left alone: a re-run never replaces a user's value.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { UserError } from './errors.js';
import type { EnvVar, PlanBuilder } from './plan.js';
import type { ProjectFiles } from '../detect/project.js';
import { insertAt } from '../edit/splice.js';
import { detectEol } from '../edit/style.js';

/** 32 random bytes, base64url: 43 characters, enough for every framework's minimum. */
export function generateSecret(): string {
  // Web Crypto's CSPRNG: importing node:crypto would cost every check run a few ms.
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

export function envKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (match) keys.add(match[1]);
  }
  return keys;
}

// dotenv's own line grammar (dotenv 16/17 `parse`): quoted values may span lines, an
// unquoted value ends at `#` (an inline comment), `export ` and `KEY: value` are allowed.
const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/** The values of a .env text as dotenv reads them (the last of a repeated key wins). */
export function parseDotEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const match of text.replace(/\r\n?/g, '\n').matchAll(DOTENV_LINE)) {
    let value = (match[2] ?? '').trim();
    const quote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
    if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    values.set(match[1], value);
  }
  return values;
}

function appendLines(
  builder: PlanBuilder,
  files: ProjectFiles,
  path: string,
  lines: string[],
  reason: string,
  role: 'env' | 'config',
): void {
  if (lines.length === 0) return;
  const existing = builder.current(path) ?? files.read(path);
  if (existing === null) {
    builder.create(path, `${lines.join('\n')}\n`, reason, role);
    return;
  }
  const eol = detectEol(existing);
  const lead = existing.length === 0 || existing.endsWith('\n') ? '' : eol;
  builder.edit(path, [insertAt(existing.length, lead + lines.join(eol) + eol)], reason, role);
}

/** What git says about `.env` at a folder: null when the folder is not in a git work tree (or git is missing). */
export interface GitEnvState {
  ignored: boolean;
  tracked: boolean;
}

// node:child_process (and the net, stream and dgram modules it loads) is required when git is
// started, not with this file: most runs never start it, and loading it costs a few ms.
function git(root: string, args: string[]): { status: number | null; stdout: string } {
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const result = spawnSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 10_000,
  });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? '' };
}

/** A `.git` (folder, or file of a worktree) here or above: else git has no rules to ask for, and is not started. */
function inGitRepository(root: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** Asks git itself: every .gitignore up to the repository, .git/info/exclude and core.excludesFile count. */
export function gitEnvState(root: string): GitEnvState | null {
  if (!inGitRepository(root)) return null;
  // --no-index: the rules alone decide, even for a .env git already tracks.
  const check = git(root, ['check-ignore', '-q', '--no-index', '--', '.env']);
  if (check.status !== 0 && check.status !== 1) return null;
  const tracked = git(root, ['ls-files', '--cached', '--', '.env']);
  return { ignored: check.status === 0, tracked: tracked.status === 0 && tracked.stdout.trim() !== '' };
}

/**
 * Without git: does this .gitignore text (with those of its parent folders before it)
 * ignore the file `.env` at its folder? Read by a gitignore matcher, so negations,
 * directory-only patterns and globs mean what git makes of them.
 */
export function ignoresDotEnv(gitignore: string, parents: string[] = []): boolean {
  let ignored = false;
  for (const text of [...parents, gitignore]) {
    const rules = ignore().add(text);
    const verdict = rules.test('.env');
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * A secret the app needs, present in .env but empty (`SESSION_SECRET=`), would make the
 * app refuse to start or sign cookies with an empty key: it gets a generated value, and
 * the plan says so. A value the user wrote is never replaced.
 */
function fillEmptySecrets(builder: PlanBuilder, dotEnv: string, secrets: EnvVar[]): void {
  for (const v of secrets) {
    const line = new RegExp(
      `^([ \\t]*(?:export[ \\t]+)?${v.key}[ \\t]*=)(?:[ \\t]*(?:""|''|\`\`))?(?=[ \\t]*(?:#.*)?\\r?$)`,
      'gm',
    );
    const matches = [...dotEnv.matchAll(line)];
    const last = matches.at(-1);
    if (!last) continue;
    const start = last.index as number;
    builder.edit(
      '.env',
      [{ start, end: start + last[0].length, text: `${last[1]}${v.value}` }],
      'local settings and the generated secret; git-ignored',
      'env',
    );
    builder.warn(
      `${v.key} was empty in .env: session-kit filled in a generated secret (an empty secret would let anyone forge session cookies).`,
    );
  }
}

/**
 * Plans .env, .env.example and .gitignore for the given variables. `extraIgnores`
 * are other local files to keep out of git (e.g. a SQLite database); `ignoreCoveredBy`
 * are the .gitignore texts of parent folders (a workspace root), used without git.
 */
export function planEnvFiles(
  builder: PlanBuilder,
  files: ProjectFiles,
  vars: EnvVar[],
  extraIgnores: string[] = [],
  ignoreCoveredBy: (string | null)[] = [],
): void {
  for (const v of vars) builder.env(v);
  const dotEnv = files.read('.env');
  const present = dotEnv === null ? new Set<string>() : envKeys(dotEnv);
  const missing = vars.filter((v) => !present.has(v.key) && v.value !== undefined);
  const values = dotEnv === null ? new Map<string, string>() : parseDotEnv(dotEnv);
  const emptySecrets = vars.filter(
    (v) => v.secret && v.value !== undefined && present.has(v.key) && values.get(v.key) === '',
  );
  const gitState = gitEnvState(files.root);
  if (gitState?.tracked && missing.length + emptySecrets.length > 0) {
    throw new UserError(
      `.env is tracked by git, so session-kit will not write ${[...missing, ...emptySecrets].some((v) => v.secret) ? 'the session secret' : 'settings'} into it: it would be committed with the next commit.`,
      {
        where: { file: '.env' },
        hint: 'Untrack it and keep it out of git: `git rm --cached .env`, add `.env` to .gitignore, commit, then run session-kit add again. (If it already held secrets, rotate them: they are in the history.)',
        code: 'env-tracked',
      },
    );
  }
  appendLines(
    builder,
    files,
    '.env',
    missing.map((v) => `${v.key}=${v.value}`),
    'local settings and the generated secret; git-ignored',
    'env',
  );
  if (dotEnv !== null) fillEmptySecrets(builder, dotEnv, emptySecrets);
  const example = files.read('.env.example');
  const examplePresent = example === null ? new Set<string>() : envKeys(example);
  appendLines(
    builder,
    files,
    '.env.example',
    vars.filter((v) => !examplePresent.has(v.key)).map((v) => `${v.key}=${v.example}`),
    'documents the variables the app needs',
    'env',
  );
  const gitignore = files.read('.gitignore') ?? '';
  const covered = gitState
    ? gitState.ignored
    : ignoresDotEnv(
        gitignore,
        ignoreCoveredBy.filter((text): text is string => text !== null),
      );
  // Appended last, `.env` wins over every earlier rule of this file (and over parents' files).
  const ignoreLines = [
    ...(covered ? [] : ['.env']),
    ...extraIgnores.filter((entry) => !gitignore.split(/\r?\n/).some((l) => l.trim() === entry)),
  ];
  appendLines(builder, files, '.gitignore', ignoreLines, ignoreReason(ignoreLines), 'config');
}

/** What the .gitignore lines keep out of git, all of them: `.env` and the local database files. */
export function ignoreReason(lines: string[]): string {
  const others = lines.filter((l) => l !== '.env');
  const what = [
    ...(lines.includes('.env') ? ['.env'] : []),
    ...(others.length ? [`the local database files (${others.join(', ')})`] : []),
  ];
  return `keeps ${what.join(' and ')} out of git`;
}

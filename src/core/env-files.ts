/**
 * Secrets and settings go to .env (git-ignored), placeholders to .env.example.
 * Keys already present are left alone: a re-run never replaces a user's value.
 */
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

function appendLines(builder: PlanBuilder, files: ProjectFiles, path: string, lines: string[], reason: string, role: 'env' | 'config'): void {
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

/** Does a .gitignore text already ignore `.env` at its folder? */
export function ignoresDotEnv(gitignore: string): boolean {
  return gitignore
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\//, ''))
    .some((line) => line === '.env' || line === '.env*' || line === '*.env' || line === '.env/' || line === '**/.env');
}

/**
 * Plans .env, .env.example and .gitignore for the given variables. `extraIgnores`
 * are other local files to keep out of git (e.g. a SQLite database).
 */
export function planEnvFiles(builder: PlanBuilder, files: ProjectFiles, vars: EnvVar[], extraIgnores: string[] = [], ignoreCoveredBy: (string | null)[] = []): void {
  for (const v of vars) builder.env(v);
  const dotEnv = files.read('.env');
  const present = dotEnv === null ? new Set<string>() : envKeys(dotEnv);
  const missing = vars.filter((v) => !present.has(v.key) && v.value !== undefined);
  appendLines(
    builder,
    files,
    '.env',
    missing.map((v) => `${v.key}=${v.value}`),
    'local settings and the generated secret (git-ignored)',
    'env',
  );
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
  const covered = [gitignore, ...ignoreCoveredBy].some((text) => text !== null && ignoresDotEnv(text));
  const ignoreLines = [...(covered ? [] : ['.env']), ...extraIgnores.filter((entry) => !gitignore.split(/\r?\n/).some((l) => l.trim() === entry))];
  appendLines(builder, files, '.gitignore', ignoreLines, 'keeps .env out of git', 'config');
}

/**
 * The places in a file's text that load environment files, and whether each loads `.env`
 * (the file add writes SESSION_SECRET to). A `dotenv.config({ path: `.env.${NODE_ENV}` })`
 * loads another file, so the app would start without the secret: it is not a loader of
 * `.env`. Read from the text (no parse): loaders are short, stereotyped calls.
 */
import { escapeIdentifier } from '../../edit/regex.js';

export interface EnvLoaderCall {
  /** Offset of the call (or side-effect import) in the text. */
  at: number;
  /** A side-effect import/require (`import 'dotenv/config'`): runs where it stands, also in an ES module. */
  sideEffect: boolean;
  /** Does it load `.env` (no path option, or a path naming `.env` itself)? */
  loadsDotEnv: boolean;
}

const PACKAGES = String.raw`(?:dotenv|@dotenvx\/dotenvx|dotenv-flow)`;
const SIDE_EFFECT = new RegExp(
  String.raw`\bimport\s*['"]${PACKAGES}\/config['"]|\brequire\s*\(\s*['"]${PACKAGES}\/config['"]\s*\)`,
  'g',
);
const REQUIRE_CONFIG = new RegExp(String.raw`\brequire\s*\(\s*['"]${PACKAGES}['"]\s*\)\s*\.\s*config\s*\(`, 'g');
/** `import dotenv from 'dotenv'`, `import * as dotenv from …`, `const dotenv = require(…)`. */
const NAMESPACE_BINDING = new RegExp(
  String.raw`\bimport\s+(?:\*\s+as\s+)?(\w+)\s+from\s*['"]${PACKAGES}['"]|\b(?:const|let|var)\s+(\w+)\s*=\s*require\s*\(\s*['"]${PACKAGES}['"]\s*\)(?!\s*\.)`,
  'g',
);
/** `import { config } from 'dotenv'`, `import { config as load } …`, `const { config } = require(…)`. */
const NAMED_BINDING = new RegExp(
  String.raw`\bimport\s*(?:\w+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]${PACKAGES}['"]|\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\s*\(\s*['"]${PACKAGES}['"]\s*\)`,
  'g',
);
const OTHER_CALLS = /\bprocess\.loadEnvFile\s*\(|\bConfigModule\.forRoot\s*\(/g;

/** The argument text of the call whose `(` ends at `open` (balanced parentheses). */
function argumentsAt(text: string, open: number): string {
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open, i);
  }
  return text.slice(open);
}

/** A path option (dotenv `path`, Nest `envFilePath`, loadEnvFile's argument) that names `.env` itself, or none. */
function namesDotEnv(args: string, pathKey: RegExp | null): boolean {
  const literal = /['"`](?:[^'"`]*\/)?\.env['"`]/;
  if (pathKey === null) return args.trim() === '' || literal.test(args);
  return !pathKey.test(args) || literal.test(args);
}

export function envLoaderCalls(text: string): EnvLoaderCall[] {
  const out: EnvLoaderCall[] = [];
  const dotenvCall = (at: number, open: number) =>
    out.push({ at, sideEffect: false, loadsDotEnv: namesDotEnv(argumentsAt(text, open), /\bpath\s*:/) });
  for (const m of text.matchAll(SIDE_EFFECT)) out.push({ at: m.index, sideEffect: true, loadsDotEnv: true });
  for (const m of text.matchAll(REQUIRE_CONFIG)) dotenvCall(m.index, m.index + m[0].length);
  for (const m of text.matchAll(NAMESPACE_BINDING)) {
    const name = m[1] ?? m[2];
    for (const c of text.matchAll(new RegExp(String.raw`(?<![\w$.])${escapeIdentifier(name)}\s*\.\s*config\s*\(`, 'g')))
      dotenvCall(c.index, c.index + c[0].length);
  }
  for (const m of text.matchAll(NAMED_BINDING)) {
    for (const part of (m[1] ?? m[2]).split(',')) {
      const [imported, local] = part.split(/\s+as\s+|\s*:\s*/).map((s) => s.trim());
      if (imported !== 'config') continue;
      const name = local || imported;
      for (const c of text.matchAll(new RegExp(String.raw`(?<![\w$.])${escapeIdentifier(name)}\s*\(`, 'g')))
        dotenvCall(c.index, c.index + c[0].length);
    }
  }
  for (const m of text.matchAll(OTHER_CALLS)) {
    const args = argumentsAt(text, m.index + m[0].length);
    const nest = m[0].startsWith('ConfigModule');
    out.push({ at: m.index, sideEffect: false, loadsDotEnv: namesDotEnv(args, nest ? /\benvFilePath\s*:/ : null) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Where the last top-level import or require declaration of the file starts: the
 * session module's import goes after it, so only a loader above it runs first (in a
 * CommonJS file, or TypeScript compiled to CommonJS, where statements run in order).
 */
export function lastImportStart(text: string): number {
  let last = -1;
  for (const m of text.matchAll(
    /^(?:import[\s{*'"][^\n]*|(?:const|let|var)\s[^=\n]*=\s*require\s*\([^\n]*|require\s*\([^\n]*)$/gm,
  ))
    last = m.index;
  return last;
}

/**
 * Loading .env when the app starts. The session modules read SESSION_SECRET (and the
 * store's settings) from process.env at import time, and add writes them to .env, so
 * the commands that start the app must load it. For each start script (start-scripts.ts)
 * add either inserts `--env-file=.env` after the runner (node, tsx, nodemon: a splice
 * into package.json, undone by remove), leaves it alone (it loads .env already, or its
 * runner does: bun, fastify-cli, dotenv-cli), or, where the runner takes no Node flag
 * (`nest start`, ts-node, ts-node-dev, nodemon on .ts files, a Node older than 20.6),
 * makes the entry file load .env itself with `import 'dotenv/config'` as its first line.
 *
 * Why that loader and not another: an ES module evaluates its imports before its own
 * statements, so a `process.loadEnvFile()` call (Node 20.12+ only, and it throws when
 * .env is absent, as in production) would run after the session module had already
 * read process.env; a first import runs before every later import in ESM and CommonJS
 * alike, on every Node, and does nothing when .env is absent. Nest's ConfigModule loads
 * .env only when AppModule's decorators are evaluated, which is not guaranteed to come
 * before the session module's import, so it is recognised when present but not added.
 */
import type { PlanBuilder, Splice } from '../../core/plan.js';
import { selfCommand } from '../../core/self-command.js';
import { relativeModuleReader, resolveSourceFile, startFileFor } from '../../detect/entry.js';
import type { Project } from '../../detect/project.js';
import { parseJsonText } from '../../edit/json-text.js';
import { detectEol } from '../../edit/style.js';
import { planPackages } from './dependencies.js';
import { type EnvLoaderCall, envLoaderCalls, lastImportStart } from './dotenv-calls.js';
import {
  type CommandContext,
  jsonStringOffsets,
  type RunAnalysis,
  type StartScript,
  startScripts,
} from './start-scripts.js';

/** The dotenv major add installs for the entry-file loader (it loads silently; quiet by default). */
export const DOTENV_RANGE = '^18.0.10';

/**
 * Does the app's lowest declared Node accept `--env-file` (20.6+)? A bare major counts
 * as its first LTS release (20 → 20.9), as everywhere in session-kit.
 */
export function acceptsEnvFileFlag(project: Pick<Project, 'node'>): boolean {
  const node = project.node;
  if (!node?.range) return atLeast(process.versions.node, 20, 6);
  let lowest: [number, number] | null = null;
  for (const alternative of node.range.split('||')) {
    for (const token of alternative.trim().split(/\s+/)) {
      if (token.startsWith('<')) continue;
      const match = /^(?:>=|>|\^|~|=|v)?(\d+)(?:\.(\d+))?/.exec(token);
      if (!match) continue;
      const major = Number(match[1]);
      const minor = match[2] === undefined ? (major === 20 ? 9 : 0) : Number(match[2]);
      if (!lowest || major < lowest[0] || (major === lowest[0] && minor < lowest[1])) lowest = [major, minor];
    }
  }
  if (!lowest) return atLeast(process.versions.node, 20, 6);
  return lowest[0] > 20 || (lowest[0] === 20 && lowest[1] >= 6);
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** An edit of one script: where in package.json, and the script before and after. */
export interface ScriptEdit {
  script: string;
  /** The start scripts that run it. */
  from: string[];
  before: string;
  after: string;
  splice: Splice;
  runner: string;
}

export interface EnvLoader {
  /** The entry file that gets `import 'dotenv/config'` first. */
  file: string;
  splice: Splice;
  line: string;
  /** Why no script could take the flag, e.g. "`nest start` passes no flag to node". */
  why: string;
}

/** What add would do to load .env, or nothing when the app loads it already. */
export interface EnvLoadingProposal {
  edits: ScriptEdit[];
  /** Entry files that load .env themselves (one per entry a script without the flag runs). */
  loaders: EnvLoader[];
  /** Start scripts add does not understand, left as they are (e.g. `concurrently ...`). */
  unknown: StartScript[];
  /** The start scripts the loaders serve (they start their entries). */
  loaderFrom: string[];
  /** The file that starts the app when there is no start script (the next step names it). */
  startFile: string;
}

function nodemonExec(project: Project): string | null {
  const fromPackage = (project.packageJson as { nodemonConfig?: { exec?: unknown } } | null)?.nodemonConfig?.exec;
  if (typeof fromPackage === 'string') return fromPackage;
  const text = project.files.read('nodemon.json');
  if (!text) return null;
  try {
    const exec = parseJsonText<{ exec?: unknown }>(text).exec;
    return typeof exec === 'string' ? exec : null;
  } catch {
    return null;
  }
}

/** Offsets of each script's string literal in package.json's text. */
async function scriptLiterals(text: string): Promise<Map<string, number>> {
  const { parseTree, findNodeAtLocation } = await import('jsonc-parser');
  const root = parseTree(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const out = new Map<string, number>();
  const scripts = root ? findNodeAtLocation(root, ['scripts']) : undefined;
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const property of scripts?.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value?.type === 'string') out.set(String(key.value), value.offset + shift);
  }
  return out;
}

function loaderLine(project: Project, file: string, why: string, eol: string, text: string): string {
  // A .js file written with import declarations (compiled by Babel) hoists its imports above a require().
  const esm =
    /\.(?:[cm]?tsx?|mjs)$/.test(file) ||
    (/\.jsx?$/.test(file) && (project.moduleSystem === 'esm' || /^\s*import[\s{*'"]/m.test(text)));
  const statement = esm ? "import 'dotenv/config';" : "require('dotenv/config');";
  return `${statement} // loads .env before anything else (${why}; added by session-kit)${eol}`;
}

/** Where a first line goes: after a shebang and a directive prologue ('use strict'). */
function firstLineOffset(text: string): number {
  let offset = 0;
  if (text.startsWith('#!')) offset = text.indexOf('\n') + 1 || text.length;
  const directive = /^(?:[ \t]*(['"])use [a-z]+\1;?[ \t]*\r?\n)+/.exec(text.slice(offset));
  return offset + (directive ? directive[0].length : 0);
}

/** The entry a runner's file argument names, as a source file of the project. */
function entryOf(project: Project, file: string | null, setupFile: string): string {
  const resolved = file ? resolveSourceFile(project.files, file) : null;
  return resolved ?? startFileFor(project.files, project.packageJson, setupFile);
}

/** Is `file` run as an ES module, whose static imports all run before its own statements? */
function isNativeEsm(project: Project, file: string): boolean {
  if (/\.m[jt]s$/.test(file)) return true;
  return /\.[jt]s$/.test(file) && project.packageJson?.type === 'module';
}

/**
 * The app loads .env already in its code: the entry, the setup file, or a module either
 * imports directly. The session module (which reads SESSION_SECRET when it loads) is
 * imported after the file's last import: in an ES module every import runs before the
 * file's own statements, so only `import 'dotenv/config'` counts there; in CommonJS (and
 * TypeScript compiled to it) a `dotenv.config()` counts when it stands above that last
 * import. A loader of another file (`dotenv.config({ path: `.env.${NODE_ENV}` })`) does
 * not load the `.env` add writes, so it does not count.
 */
function codeLoadsDotEnv(project: Project, files: string[]): boolean {
  for (const file of new Set(files)) {
    const text = project.files.read(file) ?? '';
    const lastImport = lastImportStart(text);
    const native = isNativeEsm(project, file);
    const runsFirst = (call: EnvLoaderCall) => call.sideEffect || (!native && call.at < lastImport);
    if (envLoaderCalls(text).some((call) => call.loadsDotEnv && runsFirst(call))) return true;
    const readRelative = relativeModuleReader(project, file);
    for (const match of text.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*)['"](\.{1,2}\/[^'"]+)['"]/g))
      if (envLoaderCalls(readRelative(match[1]) ?? '').some((call) => call.loadsDotEnv)) return true;
  }
  return false;
}

/** What add would do to load .env for the app whose session is set up in `setupFile`; null when nothing is needed. */
export async function proposeEnvLoading(project: Project, setupFile: string): Promise<EnvLoadingProposal | null> {
  const startFile = startFileFor(project.files, project.packageJson, setupFile);
  const raw = project.files.read('package.json');
  const scripts = Object.fromEntries(
    Object.entries(project.packageJson?.scripts ?? {}).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  const context: CommandContext = {
    scripts,
    nodemonExec: nodemonExec(project),
    envFileFlag: acceptsEnvFileFlag(project),
  };
  const all = startScripts(context);
  // A script handing the app to pm2 or docker runs it with their env: its other commands (a build) are not the app.
  const starts = all.filter((s) => !s.opaque);
  const cannot = starts.flatMap((s) => s.runs).filter((r) => r.analysis.kind === 'cannot');
  // No script starts a TypeScript app: nothing can take a flag, so its entry loads .env.
  if (all.length === 0 && /\.[cm]?tsx?$/.test(startFile))
    cannot.push({
      script: '',
      from: '',
      analysis: { kind: 'cannot', runner: 'node', why: 'no package.json script starts the app', file: startFile },
    });
  const loaderEntries = [
    ...new Set(cannot.map((r) => entryOf(project, (r.analysis as { file: string | null }).file, setupFile))),
  ];
  const codeEntries = [...loaderEntries, startFile, setupFile];
  if (codeLoadsDotEnv(project, codeEntries)) return null;

  const loaders: EnvLoader[] = loaderEntries.map((file) => {
    const text = project.files.read(file) ?? '';
    const run = cannot.find((r) => entryOf(project, (r.analysis as { file: string | null }).file, setupFile) === file);
    const why = (run!.analysis as Extract<RunAnalysis, { kind: 'cannot' }>).why;
    const line = loaderLine(project, file, why, detectEol(text), text);
    const at = firstLineOffset(text);
    return { file, splice: { start: at, end: at, text: line }, line: line.trimEnd(), why };
  });

  const edits: ScriptEdit[] = [];
  const literals = raw ? await scriptLiterals(raw) : new Map<string, number>();
  for (const start of starts) {
    for (const run of start.runs) {
      if (run.analysis.kind !== 'edit') continue;
      // A script whose entry gets the loader needs no flag.
      if (loaderEntries.includes(entryOf(project, run.analysis.file, setupFile))) continue;
      const existing = edits.find((e) => e.script === run.script);
      if (existing) {
        if (!existing.from.includes(start.name)) existing.from.push(start.name);
        continue;
      }
      const literal = literals.get(run.script);
      if (literal === undefined || !raw) continue;
      const offsets = jsonStringOffsets(raw, literal);
      const before = scripts[run.script];
      // Every command of the script that takes the flag gets it (`node a.js && node b.js`).
      const runs = start.runs.filter((r) => r.script === run.script && r.analysis.kind === 'edit');
      const splices = runs.map((r) => {
        const a = r.analysis as Extract<RunAnalysis, { kind: 'edit' }>;
        return { start: offsets[a.at], end: offsets[a.at], text: a.text };
      });
      let after = before;
      for (const r of [...runs].reverse()) {
        const a = r.analysis as Extract<RunAnalysis, { kind: 'edit' }>;
        after = after.slice(0, a.at) + a.text + after.slice(a.at);
      }
      for (const splice of splices)
        edits.push({ script: run.script, from: [start.name], before, after, splice, runner: run.analysis.runner });
    }
  }
  const loads = (s: StartScript) => s.runs.length > 0 && s.runs.every((r) => r.analysis.kind === 'loads');
  const unknown = [...starts.filter((s) => s.runs.length === 0), ...all.filter((s) => s.opaque)];
  const loaderFrom = [...new Set(cannot.map((r) => r.from).filter(Boolean))];
  const proposal = { edits, loaders, unknown, loaderFrom, startFile };
  if (loaders.length === 0 && edits.length === 0 && all.length > 0 && all.every((s) => loads(s) || unknown.includes(s)))
    return unknown.length === all.length ? proposal : null;
  return proposal;
}

/** `npm run dev`, `pnpm run dev`...: how the user runs a script with their package manager. */
function runScript(project: Project, script: string): string {
  return `${project.packageManager?.name ?? 'npm'} run ${script}`;
}

/** One entry per script (an edit may hold several splices). */
function byScript(edits: ScriptEdit[]): ScriptEdit[] {
  const out: ScriptEdit[] = [];
  for (const edit of edits) if (!out.some((e) => e.script === edit.script)) out.push(edit);
  return out;
}

function describeEdits(edits: ScriptEdit[]): string {
  return byScript(edits)
    .map((e) => `\`${e.script}\` to \`${e.after}\``)
    .join(', ');
}

/**
 * Adds to the plan what loads .env, when `apply` (the user agreed, or --yes / --load-env);
 * otherwise the first next step says exactly what to change. Returns what was proposed.
 */
export async function planEnvLoading(
  builder: PlanBuilder,
  project: Project,
  setupFile: string,
  apply: boolean,
): Promise<EnvLoadingProposal | null> {
  const proposal = await proposeEnvLoading(project, setupFile);
  if (!proposal) return null;
  const steps: string[] = [];
  const { edits, loaders, unknown } = proposal;
  if (apply && (edits.length || loaders.length)) {
    if (edits.length)
      builder.edit(
        'package.json',
        edits.map((e) => e.splice),
        `loads .env in the ${byScript(edits)
          .map((e) => `"${e.script}"`)
          .join(', ')} script${byScript(edits).length > 1 ? 's' : ''} (--env-file=.env)`,
        'package-manifest',
      );
    for (const loader of loaders)
      builder.edit(loader.file, [loader.splice], `loads .env first (${loader.why})`, 'source');
    if (loaders.length) {
      planPackages(builder, project, [{ name: 'dotenv', version: DOTENV_RANGE }], 'loads .env when the app starts');
    }
    const scripts = [...new Set([...edits.flatMap((e) => e.from), ...proposal.loaderFrom])];
    if (scripts.length)
      steps.push(
        `Start the app with ${scripts.map((s) => `\`${runScript(project, s)}\``).join(' or ')}: it loads .env now.`,
      );
  } else if (edits.length || loaders.length) {
    const parts: string[] = [];
    if (edits.length) parts.push(`change the script ${describeEdits(edits)} in package.json`);
    for (const loader of loaders)
      parts.push(
        `add \`${loader.line.replace(/ \/\/.*$/, '')}\` as the first line of ${loader.file} and install dotenv (${loader.why})`,
      );
    steps.push(
      `Load .env when the app starts: ${parts.join(', and ')}; \`${selfCommand('add --load-env', { root: builder.plan.root })}\` does it.`,
    );
  } else if (unknown.length === 0) {
    steps.push(
      `Load .env before the app starts: run it with \`node --env-file=.env ${proposal.startFile}\` (Node 20.6+), or add \`${loaderLine(project, proposal.startFile, '', '', project.files.read(proposal.startFile) ?? '').replace(/ \/\/.*$/, '')}\` as its first line with dotenv installed.`,
    );
  }
  if (unknown.length && loaders.length === 0)
    steps.push(
      `${unknown.map((s) => `\`${s.name}\` (\`${s.command}\`)`).join(', ')} ${unknown.length > 1 ? 'were' : 'was'} left as ${unknown.length > 1 ? 'they are' : 'it is'}: session-kit cannot tell what ${unknown.length > 1 ? 'they start' : 'it starts'}; make sure that loads .env (\`node --env-file=.env\`, \`tsx --env-file=.env\`).`,
    );
  builder.plan.nextSteps.unshift(...steps.filter((s) => !builder.plan.nextSteps.includes(s)));
  return proposal;
}

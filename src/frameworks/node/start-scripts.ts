/**
 * The package.json scripts that start the app (`start`, `dev`, `serve`, `start:dev`,
 * `start:prod`, `start:debug`, and the scripts they run through `npm run` and the like),
 * read as shell command lines: which runner each one starts and whether that runner
 * already loads .env, can take `--env-file=.env`, or cannot take a flag at all.
 * Pure text analysis; env-loading.ts turns it into plan edits.
 */

/** Script names that start the app, in the order they are reported. */
export const START_SCRIPTS = ['dev', 'start', 'serve', 'start:dev', 'start:prod', 'start:debug'];

export type Runner =
  | 'node'
  | 'tsx'
  | 'nodemon'
  | 'ts-node'
  | 'ts-node-dev'
  | 'nest'
  | 'fastify-cli'
  | 'bun'
  | 'dotenv-cli';

/** What one command of a script does about .env. */
export type RunAnalysis =
  /** The runner loads .env already (a flag, a preload, or the runner itself: bun, fastify-cli, dotenv-cli). */
  | { kind: 'loads'; runner: Runner; how: string }
  /** `--env-file=.env` can be inserted at `at` (an offset in the script's text). */
  | { kind: 'edit'; runner: Runner; at: number; text: string; file: string | null }
  /** The runner takes no Node flag here; the app's entry must load .env itself. */
  | { kind: 'cannot'; runner: Runner; why: string; file: string | null };

export interface Token {
  /** The word as the shell passes it (quotes removed). */
  value: string;
  /** Offsets of the word in the command text, quotes included. */
  start: number;
  end: number;
  /** The quote character when the whole word is quoted. */
  quote: '"' | "'" | null;
}

/** A command line split into commands (at `&&`, `||`, `;`, `|`, `&`) and words, outside quotes. */
export function tokenize(command: string): Token[][] {
  const commands: Token[][] = [[]];
  let i = 0;
  while (i < command.length) {
    const c = command[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '&' || c === '|' || c === ';') {
      i += command[i + 1] === c ? 2 : 1;
      commands.push([]);
      continue;
    }
    const start = i;
    let value = '';
    let quoteChars = 0;
    while (i < command.length && !/[\s&|;]/.test(command[i])) {
      const ch = command[i];
      if (ch === '"' || ch === "'") {
        const close = command.indexOf(ch, i + 1);
        const end = close === -1 ? command.length : close;
        value += command.slice(i + 1, end);
        quoteChars++;
        i = end + 1;
      } else if (ch === '\\' && i + 1 < command.length) {
        value += command[i + 1];
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    const first = command[start];
    const quote =
      quoteChars === 1 && (first === '"' || first === "'") && command[Math.min(i, command.length) - 1] === first
        ? first
        : null;
    commands[commands.length - 1].push({ value, start, end: Math.min(i, command.length), quote });
  }
  return commands.filter((words) => words.length > 0);
}

const basename = (word: string) => word.replace(/\\/g, '/').split('/').pop() ?? word;
const PRELOADS = /^(?:dotenv\/config|@dotenvx\/dotenvx\/config|dotenv-flow\/config)$/;
const isEnvFileFlag = (word: string) => /^--env-file(?:-if-exists)?(?:=|$)/.test(word);
/** Node flags whose value is the next word. */
const NODE_VALUE_FLAGS = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
]);
/** nodemon options whose value is the next word. */
const NODEMON_VALUE_FLAGS = new Set([
  '-w',
  '--watch',
  '-e',
  '--ext',
  '-i',
  '--ignore',
  '-d',
  '--delay',
  '--signal',
  '--config',
  '-x',
  '--exec',
]);

/** A preload of dotenv among the words (`-r dotenv/config`, `--require=dotenv/config`, `--import dotenv/config`). */
function preloadsDotEnv(words: string[]): boolean {
  return words.some(
    (word, i) =>
      (/^(?:-r|--require|--import)$/.test(word) && PRELOADS.test(words[i + 1] ?? '')) ||
      PRELOADS.test(word.replace(/^(?:--require|--import)=/, '')),
  );
}

/** The first word that is not a flag (or a flag's value): the file a runner runs. */
function fileArgument(words: Token[], valueFlags: Set<string>): string | null {
  for (let i = 0; i < words.length; i++) {
    const word = words[i].value;
    if (word === '--') return words[i + 1]?.value ?? null;
    if (word.startsWith('-')) {
      if (valueFlags.has(word)) i++;
      continue;
    }
    return word;
  }
  return null;
}

export interface CommandContext {
  /** Script names of the package.json, to tell `pnpm dev` or `bun run dev` (a script) from a file. */
  scripts: Record<string, string>;
  /** nodemon reads `exec` from nodemon.json or package.json "nodemonConfig". */
  nodemonExec: string | null;
  /** The app's lowest Node accepts --env-file (20.6+). */
  envFileFlag: boolean;
}

export type CommandAnalysis =
  | RunAnalysis
  | { kind: 'delegate'; script: string }
  | { kind: 'other' }
  /** A process manager or container runs the app (pm2, docker compose): what it starts, and with what env, is its own config. */
  | { kind: 'opaque' };

const PROCESS_MANAGERS = new Set(['pm2', 'pm2-runtime', 'forever', 'docker', 'docker-compose', 'podman']);

const ENV_FILE = ' --env-file=.env';

/** One command of a script: what its runner does about .env, or the script it runs. */
export function analyseCommand(words: Token[], context: CommandContext): CommandAnalysis {
  let i = 0;
  // Leading variable assignments and wrappers that only set variables or resolve a binary.
  for (;;) {
    const word = words[i]?.value;
    if (word === undefined) return { kind: 'other' };
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === 'cross-env' || word === 'env' || word === 'npx') i++;
    else if ((word === 'pnpm' || word === 'yarn') && words[i + 1]?.value === 'exec') i += 2;
    else if (word.startsWith('-') && (words[i - 1]?.value === 'npx' || words[i - 1]?.value === 'cross-env')) i++;
    else break;
  }
  const head = words[i];
  const rest = words.slice(i + 1);
  const args = rest.map((w) => w.value);
  const name = basename(head.value);
  const delegate = (script: string | undefined): CommandAnalysis =>
    script && script in context.scripts ? { kind: 'delegate', script } : { kind: 'other' };
  const positional = args.filter((a) => !a.startsWith('-'));
  if (PROCESS_MANAGERS.has(name)) return { kind: 'opaque' };
  switch (name) {
    case 'npm':
      if (positional[0] === 'run' || positional[0] === 'run-script') return delegate(positional[1]);
      return positional[0] === 'start' ? delegate('start') : { kind: 'other' };
    case 'pnpm':
    case 'yarn':
      return delegate(positional[0] === 'run' ? positional[1] : positional[0]);
    case 'bun':
      if (positional[0] === 'run' && positional[1] && positional[1] in context.scripts) return delegate(positional[1]);
      if (positional[0] && positional[0] in context.scripts) return delegate(positional[0]);
      return ['install', 'add', 'test', 'build', 'x'].includes(positional[0] ?? '')
        ? { kind: 'other' }
        : { kind: 'loads', runner: 'bun', how: 'Bun loads .env by itself' };
    case 'dotenv':
    case 'dotenvx':
      return { kind: 'loads', runner: 'dotenv-cli', how: `${name} loads .env before the command` };
    case 'fastify':
      // fastify-cli loads .env before the app: with dotenv up to 8.0, with process.loadEnvFile() after (Node 20.12+).
      return positional[0] === 'start'
        ? { kind: 'loads', runner: 'fastify-cli', how: '`fastify start` loads .env by itself' }
        : { kind: 'other' };
    case 'nest':
      return positional[0] === 'start'
        ? {
            kind: 'cannot',
            runner: 'nest',
            why: '`nest start` passes no flag to node',
            file: null,
          }
        : { kind: 'other' };
    case 'ts-node':
    case 'ts-node-esm':
    case 'ts-node-transpile-only':
    case 'ts-node-dev':
    case 'tsnd': {
      const runner = name === 'ts-node-dev' || name === 'tsnd' ? 'ts-node-dev' : 'ts-node';
      if (preloadsDotEnv(args)) return { kind: 'loads', runner, how: 'it preloads dotenv/config' };
      return {
        kind: 'cannot',
        runner,
        why: `${name} takes no --env-file`,
        file: fileArgument(rest, new Set([...NODE_VALUE_FLAGS, '-P', '--project', '-O', '--compiler-options'])),
      };
    }
    case 'node':
    case 'tsx':
      return nodeLike(name, head, rest, context);
    case 'nodemon':
      return nodemon(head, rest, context);
    default:
      return { kind: 'other' };
  }
}

function nodeLike(name: 'node' | 'tsx', head: Token, rest: Token[], context: CommandContext): CommandAnalysis {
  const args = rest.map((w) => w.value);
  if (args.some(isEnvFileFlag)) return { kind: 'loads', runner: name, how: 'it runs with --env-file' };
  if (preloadsDotEnv(args)) return { kind: 'loads', runner: name, how: 'it preloads dotenv/config' };
  if (args.some((a) => /^(?:-e|--eval|-p|--print|-v|--version|-h|--help)$/.test(a))) return { kind: 'other' };
  // `tsx watch <file>`: tsx's own flags go after the subcommand.
  const watch = name === 'tsx' && rest[0]?.value === 'watch';
  const after = watch ? rest[0] : head;
  const file = fileArgument(watch ? rest.slice(1) : rest, NODE_VALUE_FLAGS);
  if (!context.envFileFlag)
    return { kind: 'cannot', runner: name, why: 'the Node the app declares has no --env-file (20.6+)', file };
  return { kind: 'edit', runner: name, at: after.end, text: ENV_FILE, file };
}

function nodemon(head: Token, rest: Token[], context: CommandContext): CommandAnalysis {
  const args = rest.map((w) => w.value);
  const execAt = args.findIndex((a) => a === '--exec' || a === '-x');
  const file = fileArgument(rest, NODEMON_VALUE_FLAGS);
  if (execAt !== -1 && rest[execAt + 1]) {
    // nodemon --exec "<runner> ...": the flag goes after the runner's name, inside the quotes.
    const exec = rest[execAt + 1];
    const inner = tokenize(exec.value)[0] ?? [];
    const runner = basename(inner[0]?.value ?? '');
    if (inner.some((w) => isEnvFileFlag(w.value)) || preloadsDotEnv(inner.map((w) => w.value)))
      return { kind: 'loads', runner: 'nodemon', how: 'its --exec command loads .env' };
    if ((runner === 'node' || runner === 'tsx') && !exec.value.includes('\\')) {
      if (!context.envFileFlag)
        return { kind: 'cannot', runner: 'nodemon', why: 'the Node the app declares has no --env-file (20.6+)', file };
      const offset = exec.start + (exec.quote ? 1 : 0) + (inner[0]?.end ?? 0);
      return { kind: 'edit', runner: 'nodemon', at: offset, text: ENV_FILE, file };
    }
    return {
      kind: 'cannot',
      runner: 'nodemon',
      why: `nodemon runs \`${exec.value}\`, which takes no --env-file`,
      file,
    };
  }
  if (args.some(isEnvFileFlag) || preloadsDotEnv(args))
    return { kind: 'loads', runner: 'nodemon', how: 'it passes --env-file to node' };
  if (context.nodemonExec) {
    // The exec command of nodemon.json (or nodemonConfig) may load .env itself: `--require dotenv/config`.
    const inner = (tokenize(context.nodemonExec)[0] ?? []).map((w) => w.value);
    if (inner.some(isEnvFileFlag) || preloadsDotEnv(inner))
      return { kind: 'loads', runner: 'nodemon', how: 'the exec command of its config loads .env' };
    return {
      kind: 'cannot',
      runner: 'nodemon',
      why: `nodemon runs \`${context.nodemonExec}\` from its config`,
      file,
    };
  }
  // nodemon runs .ts files with ts-node, which takes no --env-file; otherwise it runs node with its unknown flags.
  if (file && /\.[cm]?tsx?$/.test(file))
    return {
      kind: 'cannot',
      runner: 'nodemon',
      why: 'nodemon runs .ts files with ts-node, which takes no --env-file',
      file,
    };
  if (!context.envFileFlag)
    return { kind: 'cannot', runner: 'nodemon', why: 'the Node the app declares has no --env-file (20.6+)', file };
  return { kind: 'edit', runner: 'nodemon', at: head.end, text: ENV_FILE, file };
}

/** A runner command found by following a start script, in the script that holds it. */
export interface ScriptRun {
  /** The script the command is in (a start script, or one it delegates to). */
  script: string;
  /** The start script that leads to it. */
  from: string;
  analysis: RunAnalysis;
}

export interface StartScript {
  name: string;
  command: string;
  /** Runner commands this script starts, through the scripts it delegates to. */
  runs: ScriptRun[];
  /** A process manager or container starts the app (pm2, docker compose): session-kit cannot tell whether it loads .env. */
  opaque: boolean;
}

/** The start scripts of a package.json and the runners they start. */
export function startScripts(context: CommandContext): StartScript[] {
  const out: StartScript[] = [];
  for (const name of START_SCRIPTS) {
    const command = context.scripts[name];
    if (typeof command !== 'string') continue;
    const runs: ScriptRun[] = [];
    let opaque = false;
    const seen = new Set<string>();
    const follow = (script: string, depth: number) => {
      if (seen.has(script) || depth > 5) return;
      seen.add(script);
      for (const words of tokenize(context.scripts[script] ?? '')) {
        const analysis = analyseCommand(words, context);
        if (analysis.kind === 'delegate') follow(analysis.script, depth + 1);
        else if (analysis.kind === 'opaque') opaque = true;
        else if (analysis.kind !== 'other') runs.push({ script, from: name, analysis });
      }
    };
    follow(name, 0);
    out.push({ name, command, runs, opaque });
  }
  return out;
}

/** Offsets of each character of a JSON string's value in the file: `map[i]` is where value[i] starts; `map[value.length]` is the closing quote. */
export function jsonStringOffsets(text: string, literalStart: number): number[] {
  const map: number[] = [];
  let i = literalStart + 1;
  while (i < text.length && text[i] !== '"') {
    map.push(i);
    if (text[i] === '\\') i += text[i + 1] === 'u' ? 6 : 2;
    else i++;
  }
  map.push(i);
  return map;
}

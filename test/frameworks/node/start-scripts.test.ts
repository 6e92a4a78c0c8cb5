/**
 * Reading start scripts as command lines: per runner, whether it loads .env already,
 * where `--env-file=.env` goes, or why it cannot take the flag; delegation through
 * `npm run` and friends; offsets inside JSON strings with escapes.
 */
import { describe, expect, it } from 'vitest';
import { acceptsEnvFileFlag } from '../../../src/frameworks/node/env-loading.js';
import {
  analyseCommand,
  type CommandContext,
  jsonStringOffsets,
  startScripts,
  tokenize,
} from '../../../src/frameworks/node/start-scripts.js';

const context = (scripts: Record<string, string> = {}, extra: Partial<CommandContext> = {}): CommandContext => ({
  scripts,
  nodemonExec: null,
  envFileFlag: true,
  ...extra,
});

/** The command with the analysis applied: the edited text, or the analysis kind and runner. */
function edited(command: string, ctx = context()): string {
  const [words] = tokenize(command);
  const a = analyseCommand(words, ctx);
  if (a.kind === 'edit') return command.slice(0, a.at) + a.text + command.slice(a.at);
  if (a.kind === 'delegate') return `delegate ${a.script}`;
  if (a.kind === 'other' || a.kind === 'opaque') return a.kind;
  return `${a.kind} ${a.runner}${a.kind === 'cannot' ? ` (${a.file ?? 'no file'})` : ''}`;
}

describe('tokenize', () => {
  it('splits commands at && || ; | & and words outside quotes, with offsets that include the quotes', () => {
    const commands = tokenize(`tsc && nodemon --exec "tsx watch" src/a.ts || echo 'a b';x`);
    expect(commands.map((c) => c.map((w) => w.value))).toEqual([
      ['tsc'],
      ['nodemon', '--exec', 'tsx watch', 'src/a.ts'],
      ['echo', 'a b'],
      ['x'],
    ]);
    const exec = commands[1][2];
    expect(exec).toMatchObject({ start: 22, end: 33, quote: '"' });
  });
});

describe('runners', () => {
  it('node: the flag goes right after node, also behind variables, cross-env and npx', () => {
    expect(edited('node dist/main')).toBe('node --env-file=.env dist/main');
    expect(edited('node --watch src/server.js')).toBe('node --env-file=.env --watch src/server.js');
    expect(edited('NODE_ENV=production node dist/app.js')).toBe('NODE_ENV=production node --env-file=.env dist/app.js');
    expect(edited('cross-env NODE_ENV=production node dist/app.js')).toBe(
      'cross-env NODE_ENV=production node --env-file=.env dist/app.js',
    );
    expect(edited('node -e "console.log(1)"')).toBe('other');
  });

  it('node: an --env-file or a dotenv preload already there loads .env', () => {
    expect(edited('node --env-file=.env app.js')).toBe('loads node');
    expect(edited('node --env-file-if-exists=.env.local app.js')).toBe('loads node');
    expect(edited('node -r dotenv/config app.js')).toBe('loads node');
    expect(edited('node --import=dotenv/config app.js')).toBe('loads node');
  });

  it('node older than 20.6 cannot take the flag: the entry must load .env', () => {
    expect(edited('node server.js', context({}, { envFileFlag: false }))).toBe('cannot node (server.js)');
  });

  it('tsx: after tsx, or after its watch subcommand', () => {
    expect(edited('tsx src/index.ts')).toBe('tsx --env-file=.env src/index.ts');
    expect(edited('tsx watch src/server.ts')).toBe('tsx watch --env-file=.env src/server.ts');
    expect(edited('npx tsx watch src/server.ts')).toBe('npx tsx watch --env-file=.env src/server.ts');
    expect(edited('tsx --env-file=.env src/index.ts')).toBe('loads tsx');
  });

  it('nodemon: node flags go after nodemon; --exec node/tsx gets the flag inside its quotes', () => {
    expect(edited('nodemon ./src/index.js')).toBe('nodemon --env-file=.env ./src/index.js');
    expect(edited('nodemon --exec tsx src/index.ts')).toBe('nodemon --exec tsx --env-file=.env src/index.ts');
    expect(edited(`nodemon -x "node --inspect" app.js`)).toBe(`nodemon -x "node --env-file=.env --inspect" app.js`);
    expect(edited(`nodemon -x 'tsx' src/a.ts`)).toBe(`nodemon -x 'tsx --env-file=.env' src/a.ts`);
    expect(edited('nodemon --env-file=.env app.js')).toBe('loads nodemon');
  });

  it('nodemon cannot: .ts files (it runs ts-node), --exec ts-node, an exec from its config', () => {
    expect(edited('nodemon src/index.ts')).toBe('cannot nodemon (src/index.ts)');
    expect(edited('nodemon --watch src --exec ts-node src/index.ts')).toBe('cannot nodemon (src/index.ts)');
    expect(edited('nodemon app.js', context({}, { nodemonExec: 'ts-node' }))).toBe('cannot nodemon (app.js)');
  });

  it('ts-node and ts-node-dev take no --env-file; a dotenv preload loads .env', () => {
    expect(edited('ts-node src/server.ts')).toBe('cannot ts-node (src/server.ts)');
    expect(edited('ts-node -P tsconfig.json src/server.ts')).toBe('cannot ts-node (src/server.ts)');
    expect(edited('ts-node-dev --respawn src/server.ts')).toBe('cannot ts-node-dev (src/server.ts)');
    expect(edited('ts-node -r dotenv/config src/server.ts')).toBe('loads ts-node');
  });

  it('nest start cannot take a node flag; nest build starts nothing', () => {
    expect(edited('nest start')).toBe('cannot nest (no file)');
    expect(edited('nest start --watch')).toBe('cannot nest (no file)');
    expect(edited('nest build')).toBe('other');
  });

  it('fastify-cli, bun, dotenv-cli load .env themselves', () => {
    expect(edited('fastify start -l info app.js')).toBe('loads fastify-cli');
    expect(edited('bun --watch src/index.ts')).toBe('loads bun');
    expect(edited('bun run src/index.ts')).toBe('loads bun');
    expect(edited('dotenv -e .env -- node app.js')).toBe('loads dotenv-cli');
  });

  it('npm run, pnpm, yarn and bun run of a script delegate to it', () => {
    const ctx = context({ 'start:prod': 'node dist/main', dev: 'tsx watch src/index.ts' });
    expect(edited('npm run start:prod', ctx)).toBe('delegate start:prod');
    expect(edited('pnpm dev', ctx)).toBe('delegate dev');
    expect(edited('yarn run dev', ctx)).toBe('delegate dev');
    expect(edited('bun run dev', ctx)).toBe('delegate dev');
    expect(edited('npm run missing', ctx)).toBe('other');
  });
});

describe('startScripts', () => {
  it('follows delegation to the script that holds the runner, once per script, without looping', () => {
    const scripts = {
      start: 'npm run build && npm run serve',
      build: 'tsc',
      serve: 'node dist/server.js',
      dev: 'npm run loop',
      loop: 'npm run dev',
    };
    const found = startScripts(context(scripts));
    expect(found.map((s) => [s.name, s.runs.map((r) => `${r.script}:${r.analysis.kind}`)])).toEqual([
      ['dev', []],
      ['start', ['serve:edit']],
      ['serve', ['serve:edit']],
    ]);
  });

  it('a script that hands the app to pm2 or docker is opaque, whatever else it runs', () => {
    const found = startScripts(
      context({
        start: 'yarn build && pm2 start ecosystem.config.json',
        build: 'node minify.js',
        dev: 'nodemon server.js',
      }),
    );
    expect(found.map((s) => [s.name, s.opaque])).toEqual([
      ['dev', false],
      ['start', true],
    ]);
    expect(edited('docker-compose up api')).toBe('opaque');
  });

  it('a script may start several runners; each is analysed', () => {
    const [start] = startScripts(context({ start: 'node migrate.js && node server.js' }));
    expect(start.runs.map((r) => r.analysis.kind)).toEqual(['edit', 'edit']);
  });
});

describe('jsonStringOffsets', () => {
  it('maps each character of the value to its place in the file, past escapes', () => {
    const text = '{"a": "x \\"y\\" \\u0041z"}';
    const literal = text.indexOf('"x');
    const value = JSON.parse(text).a as string;
    const offsets = jsonStringOffsets(text, literal);
    expect(offsets).toHaveLength(value.length + 1);
    expect(text[offsets[value.indexOf('z')]]).toBe('z');
    expect(text[offsets[value.length]]).toBe('"');
  });
});

describe('acceptsEnvFileFlag', () => {
  const on = (range: string) => acceptsEnvFileFlag({ node: { major: 0, range, source: 'engines.node' } });
  it('reads the lowest version of the range; a bare 20 is its first LTS (20.9)', () => {
    expect(on('>=20')).toBe(true);
    expect(on('>=20.6.0')).toBe(true);
    expect(on('>=20.1')).toBe(false);
    expect(on('^18 || ^20')).toBe(false);
    expect(on('>=22 <25')).toBe(true);
    expect(on('18')).toBe(false);
  });
});

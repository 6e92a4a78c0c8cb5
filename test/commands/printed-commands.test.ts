/**
 * Every session-kit command that session-kit prints runs as printed: the built CLI is
 * started the ways a user starts it from a clone (`node <clone>/bin/session-kit.cjs`,
 * a bin linked on PATH as `npm link` does, `npx <clone>`), and each command it prints
 * that can run offline is run through a shell, exactly as printed (migrate against a
 * real PostgreSQL; `add` repeated; check's `add --fix-order` on every misorder fixture).
 * Commands that reach the registry (`add` without --no-install) get `--dry-run`.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/app-runner.js';
import { freshPostgres } from '../helpers/databases.js';
import { FIXTURES, REPO, copyFixture } from '../helpers/fixtures.js';
import { serviceStatus } from '../helpers/services.js';

const CLONE = realpathSync(REPO);

interface Mode {
  name: string;
  /** How the user starts it, and how session-kit must name itself. */
  prefix: string;
  env: Record<string, string>;
}

function linkedBin(): Record<string, string> {
  // What `npm link` leaves on PATH: a `session-kit` symlink to the clone's bin.
  const bin = mkdtempSync(path.join(os.tmpdir(), 'sk-linked-bin-'));
  symlinkSync(path.join(CLONE, 'bin/session-kit.cjs'), path.join(bin, 'session-kit'));
  return { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
}

const MODES: Mode[] = [
  { name: 'node <clone>/bin/session-kit.cjs', prefix: `node ${CLONE}/bin/session-kit.cjs`, env: {} },
  { name: 'a bin linked on PATH (npm link)', prefix: 'session-kit', env: linkedBin() },
  { name: 'npx <clone>', prefix: `npx ${CLONE}`, env: {} },
];

async function sh(command: string, cwd: string, env: Record<string, string>) {
  const result = await execa(command, {
    shell: true,
    cwd,
    reject: false,
    stdin: 'ignore',
    env: {
      NO_COLOR: '1',
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      ...env,
    },
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every session-kit command in the output: in backticks, or after "Same setup without questions:". */
function printedCommands(output: string, prefix: string): string[] {
  const commands: string[] = [];
  const quoted = /`([^`\n]+)`/g;
  for (let m = quoted.exec(output); m; m = quoted.exec(output)) {
    if (m[1].startsWith(`${prefix} `)) commands.push(m[1]);
    // A session-kit command not started the way this run was started would not run as printed.
    else
      expect(m[1], 'a session-kit command printed another way than this run was started').not.toMatch(
        /\bsession-kit(?:\.cjs)? (?:add|check|remove|migrate|info)\b/,
      );
  }
  const same = new RegExp(`^Same setup without questions: (${escape(prefix)} .+)$`, 'm').exec(output);
  if (same) commands.push(same[1]);
  return commands;
}

describe('every printed command runs as printed', async () => {
  assertBuilt();
  const skip = await serviceStatus('postgres');

  for (const mode of MODES) {
    it.skipIf(skip)(
      `${mode.name}: add's next steps (migrate); asked nothing (--yes), no same-setup command`,
      async () => {
        const dir = copyFixture('express4-cjs');
        const url = await freshPostgres(`printed_${MODES.indexOf(mode)}`);
        writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
        const add = await sh(`${mode.prefix} add --store postgres --no-install --yes`, dir, mode.env);
        expect(add.exitCode, add.stderr).toBe(0);
        const commands = printedCommands(add.stdout, mode.prefix);
        // "Same setup without questions" follows questions only (the terminal flow,
        // test/commands/terminal.test.ts runs it as printed).
        expect(commands).toEqual([`${mode.prefix} migrate`]);
        expect(add.stdout).not.toContain('Same setup without questions');

        const migrate = await sh(commands[0], dir, mode.env);
        expect(migrate.exitCode, migrate.stderr).toBe(0);
        expect(migrate.stdout).toContain('Created table "session"');
      },
      120_000,
    );
  }

  it.skipIf(skip)(
    'run from another folder with --cwd, the printed commands carry the --cwd as typed from there',
    async () => {
      const mode = MODES[1];
      const parent = mkdtempSync(path.join(os.tmpdir(), 'sk-printed-cwd-'));
      const dir = path.join(parent, 'my-app');
      cpSync(path.join(FIXTURES, 'express4-cjs/input'), dir, { recursive: true });
      writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${await freshPostgres('printed_cwd')}\n`);
      const add = await sh(`${mode.prefix} add --store postgres --no-install --yes --cwd my-app`, parent, mode.env);
      expect(add.exitCode, add.stderr).toBe(0);
      const commands = printedCommands(add.stdout, mode.prefix);
      expect(commands).toEqual(['session-kit migrate --cwd my-app']);
      for (const command of commands) {
        const result = await sh(command, parent, mode.env);
        expect(result.exitCode, `${command}\n${result.stderr}`).toBe(0);
      }
    },
    60_000,
  );

  it("check's `add` for an app without sessions runs (with --dry-run: as printed it installs from the registry)", async () => {
    const mode = MODES[0];
    const dir = copyFixture('express4-cjs');
    const check = await sh(`${mode.prefix} check`, dir, mode.env);
    expect(check.exitCode).toBe(0);
    const [command] = printedCommands(check.stdout, mode.prefix);
    expect(command).toBe(`${mode.prefix} add`);
    const add = await sh(`${command} --dry-run`, dir, mode.env);
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toContain('+app.use(sessionMiddleware);');
  });

  it("at a monorepo root without any session, check's `add --cwd <package>` names a real package and runs (with --dry-run)", async () => {
    const mode = MODES[0];
    const root = mkdtempSync(path.join(os.tmpdir(), 'sk-printed-mono-'));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
    );
    for (const app of ['api', 'web'])
      cpSync(path.join(FIXTURES, 'express4-cjs/input'), path.join(root, 'apps', app), { recursive: true });
    const check = await sh(`${mode.prefix} check`, root, mode.env);
    expect(check.exitCode).toBe(0);
    const [command] = printedCommands(check.stdout, mode.prefix);
    expect(command).toBe(`${mode.prefix} add --cwd apps/api`);
    const add = await sh(`${command} --dry-run`, root, mode.env);
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toContain('+app.use(sessionMiddleware);');
  });

  // Every misorder fixture of check: where the fix names `add --fix-order`, that command,
  // run as printed, leaves an app that passes check; where it does not, add cannot repair it.
  const misorders = readdirSync(FIXTURES).filter((name) => {
    if (!name.startsWith('check-') || !existsSync(path.join(FIXTURES, name, 'rule.json'))) return false;
    const { rule } = JSON.parse(readFileSync(path.join(FIXTURES, name, 'rule.json'), 'utf8')) as { rule: string };
    return /^(?:express|fastify|koa|hono|nest)\/.*-(?:before|after)-/.test(rule);
  });
  it('finds the misorder fixtures', () => expect(misorders.length).toBeGreaterThanOrEqual(15));
  it.each(misorders)(
    '%s: the printed `add --fix-order` repairs the order',
    async (name) => {
      const mode = MODES[0];
      const dir = mkdtempSync(path.join(os.tmpdir(), `sk-${name}-`));
      cpSync(path.join(FIXTURES, name, 'fail'), dir, { recursive: true });
      const check = await sh(`${mode.prefix} check`, dir, mode.env);
      expect(check.exitCode).toBe(1);
      const commands = printedCommands(check.stdout, mode.prefix).filter((c) => c.includes('--fix-order'));
      if (commands.length === 0) {
        // Not offered: then add --fix-order indeed does not repair it.
        const attempt = await sh(`${mode.prefix} add --fix-order --store memory --no-install --yes`, dir, mode.env);
        const after = await sh(`${mode.prefix} check`, dir, mode.env);
        expect(attempt.exitCode !== 0 || after.exitCode !== 0).toBe(true);
        return;
      }
      expect(new Set(commands)).toEqual(new Set([`${mode.prefix} add --fix-order`]));
      const fix = await sh(commands[0], dir, mode.env);
      expect(fix.exitCode, `${fix.stdout}\n${fix.stderr}`).toBe(0);
      const after = await sh(`${mode.prefix} check`, dir, mode.env);
      expect(after.exitCode, after.stdout).toBe(0);
    },
    60_000,
  );
});

describe('printedCommands', () => {
  it('refuses a session-kit command printed another way than this run was started', () => {
    expect(() => printedCommands('run `npx session-kit migrate`', 'session-kit')).toThrow();
    expect(printedCommands('run `session-kit migrate`.', 'session-kit')).toEqual(['session-kit migrate']);
  });
});

// Every fixture app, every framework: what add and check print (next steps, refusals,
// hints, fixes) names session-kit as it was started; a printed `check` runs as printed.
describe('every fixture: session-kit commands in add and check output start as the run did', () => {
  const mode = MODES[0];
  const apps = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'input')));
  const checks = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'fail')));

  it.each(apps)(
    '%s: add --store postgres --dry-run',
    async (name) => {
      const dir = copyFixture(name);
      const add = await sh(`${mode.prefix} add --store postgres --dry-run --no-install`, dir, mode.env);
      expect([0, 2]).toContain(add.exitCode);
      // Diff bodies are the files' text (the generated module's comments), not commands to run.
      const said = `${add.stdout}\n${add.stderr}`
        .split('\n')
        .filter((line) => !/^[+-]/.test(line))
        .join('\n');
      for (const command of printedCommands(said, mode.prefix)) {
        if (!/ check(?: |$)/.test(command)) continue;
        const check = await sh(command, dir, mode.env);
        expect([0, 1], `${command}\n${check.stderr}`).toContain(check.exitCode);
      }
    },
    60_000,
  );

  it.each(checks)(
    '%s: check',
    async (name) => {
      const check = await sh(`${mode.prefix} check`, path.join(FIXTURES, name, 'fail'), mode.env);
      expect([0, 1, 2]).toContain(check.exitCode);
      printedCommands(`${check.stdout}\n${check.stderr}`, mode.prefix);
    },
    60_000,
  );
});

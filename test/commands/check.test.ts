/**
 * `session-kit check` as users and CI run it: the BUILT CLI (`npm run build` first),
 * each output format, exit codes, --strict, monorepo roots, file paths, bad input.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';
import { CLI, runCli } from '../helpers/app-runner.js';

const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

describe('check output formats (built CLI)', () => {
  it('text: file:line:col: severity: message [rule], then a one-line fix; exit 1 on an error', async () => {
    const result = await runCli(['check'], fixture('check-secret-literal', 'fail'));
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      "app.js:6:27: error: the session secret is a literal in the source: anyone who can read the repository can forge session cookies ('keyboard cat' is a well-known sample secret, the first one an attacker tries) [secret-literal]",
    );
    expect(lines[1]).toMatch(/^ {2}fix: Read it from the environment, e\.g\. secret: process\.env\.SESSION_SECRET/);
    // The folder checked is named, not ".".
    expect(result.stdout).toContain('1 error, 0 warnings in fail (Express).');
  });

  it('json: the documented schema', async () => {
    const result = await runCli(['check', '--format', 'json'], fixture('check-secret-literal', 'fail'));
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'ok',
      'exitCode',
      'strict',
      'summary',
      'projects',
      'findings',
    ]);
    expect(report).toMatchObject({
      schemaVersion: 1,
      ok: false,
      exitCode: 1,
      strict: false,
      summary: { projects: 1, checked: 1, errors: 1, warnings: 0 },
    });
    expect(report.projects).toEqual([
      { path: '.', framework: 'express', status: 'checked', message: null, errors: 1, warnings: 0 },
    ]);
    expect(report.findings).toHaveLength(1);
    expect(Object.keys(report.findings[0])).toEqual([
      'ruleId',
      'severity',
      'file',
      'line',
      'column',
      'message',
      'fix',
      'project',
    ]);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'secret-literal',
      severity: 'error',
      file: 'app.js',
      line: 6,
      column: 27,
      project: '.',
    });
  });

  it('github: one workflow-command annotation per finding, escaped', async () => {
    const result = await runCli(['check', '--format', 'github'], fixture('check-cookie-samesite-none', 'fail'));
    expect(result.exitCode).toBe(1);
    const [annotation, summary] = result.stdout.split('\n');
    expect(annotation).toMatch(
      /^::error file=app\.js,line=9,col=29,title=session-kit cookie-samesite-none-insecure::sameSite 'none' without secure: .+%0Afix: Add secure: true/,
    );
    expect(annotation).not.toMatch(/\n/);
    expect(summary).toBe('session-kit check: 1 error(s), 0 warning(s) in 1 project(s).');
  });

  it('github: warnings are ::warning annotations', async () => {
    const result = await runCli(['check', '--format', 'github'], fixture('check-cookie-insecure', 'fail'));
    expect(result.stdout).toMatch(/^::warning file=app\.js,line=9,col=46,title=session-kit cookie-insecure::/);
  });
});

describe('check exit codes', () => {
  it('a clean project exits 0 and says so', async () => {
    const result = await runCli(['check'], fixture('check-secret-literal', 'pass'));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('No session problems in pass (Express).');
  });

  it('warnings alone exit 0, and 1 with --strict', async () => {
    const loose = await runCli(['check'], fixture('check-cookie-insecure', 'fail'));
    expect(loose.exitCode).toBe(0);
    expect(loose.stdout).toContain('(warnings fail only with --strict)');
    const strict = await runCli(['check', '--strict'], fixture('check-cookie-insecure', 'fail'));
    expect(strict.exitCode).toBe(1);
  });

  it('a project without a session setup says so: exit 0, or 1 with --strict', async () => {
    const loose = await runCli(['check'], fixture('express4-cjs', 'input'));
    expect(loose.exitCode).toBe(0);
    expect(loose.stdout.trim()).toBe(
      `input: no session setup found (package.json declares no session package): run \`node ${CLI} add\` to set one up`,
    );
    const strict = await runCli(['check', '--strict', '--format', 'json'], fixture('express4-cjs', 'input'));
    expect(strict.exitCode).toBe(1);
    expect(JSON.parse(strict.stdout).projects[0]).toMatchObject({ status: 'no-session', framework: null });
  });

  it('a project that declares a session package but registers none also says so, naming its framework', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-check-unused-'));
    cpSync(fixture('express4-cjs', 'input'), dir, { recursive: true });
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['express-session'] = '^1.18.1';
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const result = await runCli(['check'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(
      `${path.basename(dir)}: no session setup found (Express, app.js): run \`node ${CLI} add\` to set one up`,
    );
  });
});

describe('check scope', () => {
  it('at a monorepo root checks every workspace package with a session setup', async () => {
    const root = fixture('cli-check', 'monorepo');
    const result = await runCli(['check', '--format', 'json'], root);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(
      report.projects.map((p: { path: string; status: string; framework: string | null }) => [
        p.path,
        p.framework,
        p.status,
      ]),
    ).toEqual([
      ['apps/api', 'fastify', 'checked'],
      ['apps/web', 'express', 'checked'],
      ['packages/utils', null, 'no-session'],
    ]);
    expect(report.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`)).toEqual([
      'apps/web/app.js secret-literal',
      'apps/web/app.js cookie-insecure',
    ]);
    const text = await runCli(['check'], root);
    expect(text.stdout).toContain('apps/web/app.js:5:27: error:');
    expect(text.stdout).toContain('Skipped (no session setup): packages/utils.');
  });

  it('with file paths, reports only those files (for pre-commit hooks)', async () => {
    const root = fixture('cli-check', 'monorepo');
    const clean = await runCli(['check', 'apps/api/app.js'], root);
    expect(clean.exitCode).toBe(0);
    const dirty = await runCli(['check', 'apps/api/app.js', 'apps/web/app.js', '--format', 'json'], root);
    expect(dirty.exitCode).toBe(1);
    expect(JSON.parse(dirty.stdout).findings.every((f: { file: string }) => f.file === 'apps/web/app.js')).toBe(true);
  });

  it('--cwd points at the project; paths in output stay relative to where check runs', async () => {
    const result = await runCli(
      ['check', '--cwd', 'test/fixtures/check-secret-literal/fail'],
      path.resolve(FIXTURES, '../..'),
    );
    expect(result.stdout.split('\n')[0]).toMatch(/^test\/fixtures\/check-secret-literal\/fail\/app\.js:6:27: error:/);
  });

  it('never executes the project (static only)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-check-static-'));
    cpSync(fixture('check-secret-literal', 'fail'), dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'app.js'),
      `require('fs').writeFileSync(require('path').join(__dirname, 'EXECUTED'), '');\n${readFileSync(path.join(dir, 'app.js'), 'utf8')}`,
    );
    const result = await runCli(['check'], dir);
    expect(result.exitCode).toBe(1);
    expect(existsSync(path.join(dir, 'EXECUTED'))).toBe(false);
  });
});

describe('check on bad input', () => {
  it('an unparseable file: file:line:col and the parser message, exit 2', async () => {
    const result = await runCli(['check'], fixture('cli-check', 'unparseable'));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(
      /^app\.js:5:97: error: app\.js does not parse: Unexpected token, expected ","\. \[parse-error\]/,
    );
    expect(result.stdout).not.toMatch(/\.\.$/m);
    const github = await runCli(['check', '--format', 'github'], fixture('cli-check', 'unparseable'));
    expect(github.exitCode).toBe(2);
    expect(github.stdout).toMatch(/^::error file=app\.js,line=5,col=97,title=session-kit parse-error::/);
  });

  it('a missing path: clear message, exit 2 (json on stdout with --format json)', async () => {
    const result = await runCli(['check', 'no/such/app'], fixture('check-secret-literal', 'fail'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^no\/such\/app: no such file or directory/);
    const json = await runCli(['check', 'no/such/app', '--format', 'json'], fixture('check-secret-literal', 'fail'));
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: 'usage', where: { file: 'no/such/app' } },
    });
  });

  it('a directory that is not a project: exit 2', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-check-empty-'));
    const result = await runCli(['check'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/No package\.json or Cargo\.toml found/);
  });

  it('--format sarif: SARIF 2.1.0 on stdout, exit code as for text', async () => {
    const result = await runCli(['check', '--format', 'sarif'], fixture('check-secret-literal', 'fail'));
    expect(result.exitCode).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('secret-literal');
  });

  it('an unknown format is a usage error, exit 2', async () => {
    const result = await runCli(['check', '--format', 'xml'], fixture('check-secret-literal', 'pass'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--format/);
  });
});

describe('check messages name what to run', () => {
  /** The Koa app as add left it (memory store), with koa-session declared. */
  const koaApp = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-check-msg-'));
    for (const part of ['input', 'expected/memory'])
      cpSync(fixture('koa-cjs', ...part.split('/')), dir, { recursive: true });
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['koa-session'] = '^7.0.2';
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    return dir;
  };

  it('a misorder that add --fix-order repairs names that command, as this run was started', async () => {
    const result = await runCli(['check'], fixture('check-fastify-cookie-before-session', 'fail'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `  fix: Move the @fastify/cookie registration above the @fastify/session registration. Or run \`node ${CLI} add --fix-order\`: it moves the session setup into place.`,
    );
  });

  it('a misorder inside one fluent chain, which add does not move, does not offer --fix-order', async () => {
    const result = await runCli(['check'], fixture('check-express-session-in-chain-after-routes', 'fail'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toContain('--fix-order');
  });

  it('Koa with only `app.keys = sessionKeys` deleted: koa/keys-required alone, not store-unused', async () => {
    const dir = koaApp();
    const app = readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(app).toContain('app.keys = sessionKeys\n');
    writeFileSync(path.join(dir, 'app.js'), app.replace('app.keys = sessionKeys\n', ''));
    const result = await runCli(['check', '--format', 'json'], dir);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['koa/keys-required']);
  });

  it('Koa with neither session line: one store-unused whose fix registers the middleware with app', async () => {
    const dir = koaApp();
    const app = readFileSync(path.join(dir, 'app.js'), 'utf8');
    writeFileSync(
      path.join(dir, 'app.js'),
      app.replace('app.keys = sessionKeys\n', '').replace('app.use(sessionMiddleware(app))\n', ''),
    );
    const result = await runCli(['check', '--format', 'json'], dir);
    const unused = JSON.parse(result.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'store-unused');
    expect(unused).toHaveLength(1);
    expect(unused[0].fix).toBe(
      'Register it before the routes: app.keys = sessionKeys; app.use(sessionMiddleware(app)).',
    );
  });
});

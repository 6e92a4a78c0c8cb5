/**
 * The spine end to end: the built CLI adds sqlite sessions to a TypeScript Express 5
 * app with a real install, the app type-checks and builds, and a session set over
 * HTTP (and in headless Chromium) survives a restart.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HttpClient,
  addToFixture,
  buildTypeScript,
  runCli,
  startApp,
  type RunningApp,
} from '../helpers/app-runner.js';

describe('express5-esm-ts + sqlite, real install', () => {
  let dir: string;
  let app: RunningApp;
  let cliOutput: string;

  beforeAll(async () => {
    const added = await addToFixture('express5-esm-ts', ['--store', 'sqlite']);
    dir = added.dir;
    cliOutput = added.result.stdout;
    await buildTypeScript(dir);
    app = await startApp(dir, { command: ['node', '--env-file=.env', 'dist/app.js'], readyPath: '/health' });
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('installed the packages into package.json and reported every file', () => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['express-session', 'connect-session-knex', 'knex', 'better-sqlite3']),
    );
    expect(pkg.devDependencies['@types/express-session']).toBeDefined();
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true });
    expect(existsSync(path.join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(cliOutput).toMatch(/created\s+src\/session\.ts/);
    expect(cliOutput).toMatch(/updated\s+src\/app\.ts/);
  });

  it('never writes the secret into source, only into the git-ignored .env', () => {
    const secret = /^SESSION_SECRET=(.+)$/m.exec(readFileSync(path.join(dir, '.env'), 'utf8'))?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const file of ['src/app.ts', 'src/session.ts', '.env.example', 'package.json']) {
      expect(readFileSync(path.join(dir, file), 'utf8')).not.toContain(secret);
    }
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toContain('.env');
    expect(cliOutput).not.toContain(secret);
  });

  it('sets a value over HTTP, reads it back with the cookie, and after a restart', async () => {
    const client = new HttpClient(() => app.url);
    expect(await client.json('/session/set?value=blue')).toEqual({ ok: true });
    const cookie = client.lastSetCookie.join('\n');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await client.json('/session/get')).toEqual({ value: 'blue' });
    expect(await new HttpClient(() => app.url).json('/session/get')).toEqual({ value: null });
    await app.restart();
    expect(await client.json('/session/get')).toEqual({ value: 'blue' });
    expect(existsSync(path.join(dir, 'sessions.sqlite'))).toBe(true);
    await client.json('/logout', { method: 'POST' });
    expect(await client.json('/session/get')).toEqual({ value: null });
  });

  it('keeps the session in headless Chromium across a restart', async () => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM} missing; .ci/run installs chromium`);
      console.warn(`skipping browser flow: ${CHROMIUM} is not installed`);
      return;
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`${app.url}/session/set?value=from-browser`).catch((error: Error) => {
        throw new Error(`${error.message}\napp output:\n${app.output()}`);
      });
      expect(response?.status()).toBe(200);
      await page.goto(`${app.url}/session/get`);
      expect(JSON.parse(await page.locator('body').innerText())).toEqual({ value: 'from-browser' });
      await app.restart();
      // The restarted app listens on a new port; cookies are per host, not per port.
      await page.goto(`${app.url}/session/get`);
      expect(JSON.parse(await page.locator('body').innerText())).toEqual({ value: 'from-browser' });
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'connect.sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    } finally {
      await browser.close();
    }
  });

  it('npm run start, the script add edited, loads .env; a script without it stops naming itself', async () => {
    const pkgFile = path.join(dir, 'package.json');
    const pkgText = readFileSync(pkgFile, 'utf8');
    expect(JSON.parse(pkgText).scripts.start).toBe('node --env-file=.env dist/app.js');
    expect(cliOutput).toContain('Start the app with `npm run start`: it loads .env now.');
    const viaScript = await startApp(dir, { command: ['npm', 'run', 'start'], readyPath: '/health' });
    try {
      const client = new HttpClient(() => viaScript.url);
      expect(await client.json('/session/set?value=from-script')).toEqual({ ok: true });
      expect(await client.json('/session/get')).toEqual({ value: 'from-script' });
      expect(viaScript.output()).toContain('node --env-file=.env dist/app.js');
    } finally {
      await viaScript.stop();
    }
    // The same app started by a script that does not load .env fails at boot, naming that script.
    writeFileSync(
      pkgFile,
      pkgText.replace('"start": "node --env-file=.env dist/app.js"', '"start": "node dist/app.js"'),
    );
    try {
      const bare = await execa('npm', ['run', 'start'], { cwd: dir, reject: false, all: true, timeout: 30_000 });
      expect(bare.exitCode).not.toBe(0);
      expect(bare.all).toContain(
        'SESSION_SQLITE_FILE is not set. session-kit wrote it to .env, which the "start" script (node dist/app.js) does not load: add --env-file=.env after its node, tsx or nodemon',
      );
    } finally {
      writeFileSync(pkgFile, pkgText);
    }
  });

  it('a second run changes nothing and says so', async () => {
    const before = readFileSync(path.join(dir, 'src/app.ts'), 'utf8');
    const again = await runCli(['add', '--store', 'sqlite', '--yes'], dir);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/already set up/);
    expect(readFileSync(path.join(dir, 'src/app.ts'), 'utf8')).toBe(before);
  });
});

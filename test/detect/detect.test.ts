import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAll } from '../../src/detect/index.js';
import { lowestMajor } from '../../src/detect/node-version.js';
import { UserError } from '../../src/core/errors.js';
import { runCli } from '../helpers/app-runner.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-detect-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const expressApp = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, version: '1.0.0', dependencies: { express: '^5.1.0' }, ...extra });
const APP = "const express = require('express');\nconst app = express();\napp.listen(3000);\n";

describe('lowestMajor', () => {
  it.each([
    ['>=20.12', 20],
    ['^18 || ^20', 18],
    ['>= 22', 22],
    ['20.x', 20],
    ['v20.11.1', 20],
    ['>=18 <23', 18],
    ['lts/*', null],
  ])('%s → %s', (range, major) => {
    expect(lowestMajor(range)).toBe(major);
  });
});

describe('detectAll', () => {
  it('finds the package manager from the lockfile, the Node version from .nvmrc, and the setup file from main', async () => {
    const dir = project({
      'package.json': expressApp('a', { main: 'src/server.js' }),
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      '.nvmrc': '22.3.0\n',
      'src/server.js': APP,
    });
    const { project: p, framework, detection } = await detectAll({ cwd: dir, interactive: false });
    expect(p.packageManager).toMatchObject({ name: 'pnpm', source: 'lockfile' });
    expect(p.node).toMatchObject({ major: 22, source: '.nvmrc' });
    expect(framework?.id).toBe('express');
    expect(detection?.setupFile).toBe('src/server.js');
  });

  it('reads the packageManager field', async () => {
    const dir = project({ 'package.json': expressApp('a', { packageManager: 'yarn@4.5.0' }), 'app.js': APP });
    const { project: p } = await detectAll({ cwd: dir, interactive: false });
    expect(p.packageManager).toMatchObject({ name: 'yarn', version: 'berry' });
    expect(p.packageManager?.source).toMatch(/packageManager/);
  });

  it('inside a workspace package, finds the lockfile and workspace at the root', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/api/package.json': expressApp('api'),
      'apps/api/src/index.js': APP,
      'apps/web/package.json': JSON.stringify({ name: 'web' }),
    });
    const { project: p, detection } = await detectAll({ cwd: path.join(dir, 'apps/api/src'), interactive: false });
    expect(p.root).toBe(path.join(dir, 'apps/api'));
    expect(p.workspaceRoot).toBe(dir);
    expect(p.packageManager?.name).toBe('npm');
    expect(detection?.setupFile).toBe('src/index.js');
  });

  it('at a workspace root with one app, takes it; with several, refuses without a TTY naming --cwd', async () => {
    const one = project({
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
      'package.json': JSON.stringify({ name: 'mono', private: true }),
      'apps/api/package.json': expressApp('api'),
      'apps/api/app.js': APP,
      'apps/lib/package.json': JSON.stringify({ name: 'lib' }),
    });
    expect((await detectAll({ cwd: one, interactive: false })).project.root).toBe(path.join(one, 'apps/api'));

    const two = project({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: { packages: ['apps/*'] } }),
      'apps/api/package.json': expressApp('api'),
      'apps/api/app.js': APP,
      'apps/admin/package.json': expressApp('admin'),
      'apps/admin/app.js': APP,
    });
    const error = await detectAll({ cwd: two, interactive: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/apps\/admin \(Express\)[\s\S]*apps\/api \(Express\)/);
    const suggested = /--cwd (\S+)/.exec((error as UserError).hint ?? '')?.[1] ?? '';
    expect(path.resolve(suggested)).toBe(path.join(two, 'apps/admin'));
    // The suggestion, resolved from where session-kit runs, does not give the same refusal.
    expect((await detectAll({ cwd: suggested, interactive: false })).project.root).toBe(path.join(two, 'apps/admin'));
  });

  it('never suggests a --cwd that is itself a workspace root (it would give the same refusal)', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'apps/a-platform/package.json': expressApp('platform', { workspaces: ['services/*'] }),
      'apps/a-platform/app.js': APP,
      'apps/a-platform/services/one/package.json': expressApp('one'),
      'apps/a-platform/services/one/app.js': APP,
      'apps/b-api/package.json': expressApp('api'),
      'apps/b-api/app.js': APP,
    });
    const error = (await detectAll({ cwd: dir, interactive: false }).catch((e: unknown) => e)) as UserError;
    const suggested = /--cwd (\S+)/.exec(error.hint ?? '')?.[1] ?? '';
    expect(path.resolve(suggested)).toBe(path.join(dir, 'apps/b-api'));
    expect((await detectAll({ cwd: suggested, interactive: false })).framework?.id).toBe('express');
  });

  it('follows an app created in one file and listened on in another', async () => {
    const dir = project({
      'package.json': expressApp('split', { type: 'module', scripts: { start: 'node bin/www.js' } }),
      'bin/www.js': "import { app } from '../lib/app.js'\napp.listen(3000)\n",
      'lib/app.js': "import express from 'express'\nexport const app = express()\n",
    });
    const { detection } = await detectAll({ cwd: dir, interactive: false });
    expect(detection?.setupFile).toBe('lib/app.js');
    expect(detection?.reasons.join('\n')).toMatch(/imported by bin\/www\.js/);
  });

  it('maps a built entry (dist/) back to its TypeScript source', async () => {
    const dir = project({
      'package.json': expressApp('ts', { scripts: { start: 'node dist/main.js' } }),
      'tsconfig.json': '{}',
      'src/main.ts': "import express from 'express'\nconst app = express()\napp.listen(1)\n",
    });
    const { project: p, detection } = await detectAll({ cwd: dir, interactive: false });
    expect(p.language).toBe('ts');
    expect(detection?.setupFile).toBe('src/main.ts');
  });
});

describe('session-kit info (built CLI)', () => {
  it('prints what it detected and why, as text and JSON', async () => {
    const dir = project({
      'package.json': expressApp('a', { type: 'module', engines: { node: '>=20' } }),
      'bun.lock': '',
      'server.js': "import express from 'express'\nconst app = express()\n",
    });
    const text = await runCli(['info'], dir);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/Package manager:\s+bun \(from lockfile\)/);
    expect(text.stdout).toMatch(/Language:\s+JavaScript, ES modules/);
    expect(text.stdout).toMatch(/Node:\s+>=20 \(from engines\.node\)/);
    expect(text.stdout).toMatch(/Setup file:\s+server\.js/);
    const json = JSON.parse((await runCli(['info', '--json'], dir)).stdout);
    expect(json).toMatchObject({
      ecosystem: 'node',
      language: 'js',
      moduleSystem: 'esm',
      framework: { id: 'express' },
      setupFile: 'server.js',
      node: { major: 20 },
      sessionSetup: [],
    });
    expect(text.stdout).toMatch(/Session setup:\s+none found/);
  });

  it('reports an existing session setup with file:line and the migration tool', async () => {
    const dir = project({
      'package.json': expressApp('a', { dependencies: { express: '^5.1.0', knex: '^3.1.0' } }),
      'knexfile.js': "module.exports = { client: 'pg', migrations: { directory: './db/migrations' } };\n",
      'db/migrations/20240101000000_users.js': 'exports.up = () => {}; exports.down = () => {};\n',
      'server.js':
        "const express = require('express');\nconst session = require('express-session');\nconst app = express();\napp.use(session({ secret: process.env.S }));\n",
    });
    const text = await runCli(['info'], dir);
    expect(text.stdout).toMatch(/Session setup:\s+the session middleware at server\.js:4/);
    expect(text.stdout).toMatch(/Migrations:\s+knex in db\/migrations\//);
  });
});

describe('detectAll on a Rust workspace', () => {
  it('a Rust workspace whose root package.json holds only tooling is the Rust app, from the root and from a crate', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'tooling', devDependencies: { husky: '^9.0.0', prettier: '^3.3.0' } }),
      'Cargo.toml': '[workspace]\nmembers = ["crates/server", "crates/domain"]\n',
      'crates/server/Cargo.toml':
        '[package]\nname = "server"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naxum = "0.8"\ntokio = { version = "1", features = ["full"] }\n',
      'crates/server/src/main.rs':
        'use axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route("/", get(|| async { "ok" }));\n    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();\n    axum::serve(listener, app).await.unwrap();\n}\n',
      'crates/domain/Cargo.toml': '[package]\nname = "domain"\nversion = "0.1.0"\nedition = "2021"\n',
      'crates/domain/src/lib.rs': 'pub fn id() -> u32 {\n    1\n}\n',
    });
    for (const cwd of [dir, path.join(dir, 'crates/server')]) {
      const { project: found, framework } = await detectAll({ cwd, interactive: false });
      expect(framework?.id, cwd).toBe('axum');
      expect(found.ecosystem).toBe('rust');
      expect(found.root).toBe(dir);
    }
    // check reads the same app, not the tooling package.json.
    expect((await runCli(['check'], dir)).stdout).toMatch(
      /no session setup found \(axum, crates\/server\/src\/main\.rs\)/,
    );
  });
});

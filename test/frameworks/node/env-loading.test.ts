/**
 * add makes the app's start scripts load .env: `--env-file=.env` spliced into
 * package.json where the runner takes it (in the file's own bytes), the entry's first
 * line where none can (`nest start`, ts-node), nothing where the app loads it already;
 * with --no-load-env (or no terminal and no --yes) an exact next step instead. A second
 * run adds nothing; remove gives back package.json byte for byte.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planAdd } from '../../../src/add/pipeline.js';
import { applyPlan } from '../../../src/core/apply.js';
import { addWithoutInstall, copyFixture, plan, read } from '../../helpers/fixtures.js';
import { removeWithoutInstall } from '../../helpers/round-trip.js';

const file = (result: Awaited<ReturnType<typeof plan>>, rel: string) => result.files.find((f) => f.path === rel);

/** A fixture copy whose package.json is replaced by `text`. */
function withPackageJson(fixture: string, text: string): string {
  const dir = copyFixture(fixture);
  writeFileSync(path.join(dir, 'package.json'), text);
  return dir;
}

describe('start scripts load .env', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tsx watch and node get --env-file=.env spliced into package.json; a second run adds nothing', async () => {
    const dir = copyFixture('hono-factory');
    const original = read(dir, 'package.json');
    const result = await addWithoutInstall(dir, { store: 'memory' });
    const pkg = file(result, 'package.json');
    expect(pkg?.role).toBe('package-manifest');
    expect(pkg?.reason).toBe('loads .env in the "dev", "start" scripts (--env-file=.env)');
    expect(read(dir, 'package.json')).toBe(
      original
        .replace('"tsx watch src/index.ts"', '"tsx watch --env-file=.env src/index.ts"')
        .replace('"node dist/index.js"', '"node --env-file=.env dist/index.js"'),
    );
    expect(result.nextSteps[0]).toBe('Start the app with `npm run dev` or `npm run start`: it loads .env now.');
    expect(result.nextSteps.some((s) => s.startsWith('Load .env'))).toBe(false);
    const again = await plan(dir, { store: 'memory' });
    expect(file(again, 'package.json')).toBeUndefined();
    expect(again.nextSteps.some((s) => /\.env/.test(s) && /Load|Start the app/.test(s))).toBe(false);
  });

  it('keeps the file own bytes (tabs, CRLF, escapes in other scripts) and remove gives them back', async () => {
    const text =
      '{\r\n\t"name": "x",\r\n\t"type": "module",\r\n\t"scripts": {\r\n\t\t"lint": "eslint \\"src/**/*.ts\\"",\r\n\t\t"start": "NODE_ENV=production node \\u0064ist/index.js",\r\n\t\t"dev": "tsx watch src/index.ts"\r\n\t},\r\n\t"dependencies": {\r\n\t\t"@hono/node-server": "^1.14.0",\r\n\t\t"hono": "^4.7.0"\r\n\t}\r\n}\r\n';
    const dir = withPackageJson('hono-factory', text);
    await addWithoutInstall(dir, { store: 'memory' });
    const after = read(dir, 'package.json');
    expect(after).toBe(
      text
        .replace('production node \\u0064ist', 'production node --env-file=.env \\u0064ist')
        .replace('tsx watch src', 'tsx watch --env-file=.env src'),
    );
    await removeWithoutInstall(dir);
    expect(read(dir, 'package.json')).toBe(text);
  });

  it('an existing --env-file, a bun or fastify-cli runner, or dotenv in the entry is left alone', async () => {
    for (const [fixture, scripts] of [
      ['hono-factory', { dev: 'tsx watch --env-file=.env src/index.ts', start: 'node --env-file=.env dist/index.js' }],
      ['fastify-autoload', null],
      ['hono-factory', { dev: 'bun --watch src/index.ts' }],
    ] as const) {
      const dir = copyFixture(fixture);
      if (scripts) {
        const pkg = JSON.parse(read(dir, 'package.json'));
        pkg.scripts = scripts;
        writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
      }
      const result = await plan(dir, { store: 'memory' });
      expect(file(result, 'package.json'), fixture).toBeUndefined();
      expect(result.dependencies.map((d) => d.name)).not.toContain('dotenv');
      expect(result.nextSteps.filter((s) => /\.env/.test(s) && /^(Load|Start the app)/.test(s))).toEqual([]);
    }
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, 'app.js'), `require('dotenv').config();\n${read(dir, 'app.js')}`);
    const result = await plan(dir, { store: 'memory' });
    expect(file(result, 'package.json')).toBeUndefined();
  });

  it('a start script that builds and hands the app to pm2: the build is not edited, and start is named as left alone', async () => {
    const dir = copyFixture('express4-cjs');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.scripts = {
      dev: 'nodemon app.js',
      start: 'npm run build && pm2 start ecosystem.config.json',
      build: 'node minify.js',
    };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const result = await plan(dir, { store: 'memory' });
    const scripts = JSON.parse(file(result, 'package.json')?.after ?? '{}').scripts;
    expect(scripts).toEqual({ ...pkg.scripts, dev: 'nodemon --env-file=.env app.js' });
    expect(result.nextSteps[0]).toBe('Start the app with `npm run dev`: it loads .env now.');
    expect(result.nextSteps[1]).toMatch(
      /^`start` \(`npm run build && pm2 start ecosystem\.config\.json`\) was left as it is: session-kit cannot tell what it starts/,
    );
  });

  it('a CommonJS package whose entry is written with import declarations (Babel) gets an import, not a require hoisted below them', async () => {
    const dir = copyFixture('express4-cjs');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.scripts = { start: 'nodemon --exec babel-node app.js' };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    writeFileSync(
      path.join(dir, 'app.js'),
      read(dir, 'app.js').replace(/const (\w+) = require\(("[^"]+"|'[^']+')\);/g, 'import $1 from $2;'),
    );
    expect(read(dir, 'app.js')).toMatch(/^import express from/m);
    const result = await plan(dir, { store: 'memory' });
    expect(file(result, 'app.js')?.after).toMatch(/^(?:'use strict';\r?\n)?import 'dotenv\/config'; \/\/ loads \.env/);
  });

  it('nodemon whose config runs node with --require dotenv/config loads .env already: nothing changes', async () => {
    const dir = copyFixture('express4-cjs');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.scripts = { dev: 'nodemon' };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    writeFileSync(path.join(dir, 'nodemon.json'), '{ "exec": "node --inspect --require dotenv/config ./bin/www" }\n');
    const result = await plan(dir, { store: 'memory' });
    expect(file(result, 'package.json')).toBeUndefined();
    // Only the generated session module mentions dotenv/config (in its error message).
    expect(result.files.filter((f) => f.after?.includes('dotenv/config')).map((f) => f.path)).toEqual(['session.js']);
    expect(result.dependencies.map((d) => d.name)).not.toContain('dotenv');
  });

  it('nest start cannot take a flag: main.ts loads .env first with dotenv, and start:prod (the built main) is not edited', async () => {
    const dir = copyFixture('nest-express');
    const result = await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/main.ts').split('\n')[0]).toBe(
      "import 'dotenv/config'; // loads .env before anything else (`nest start` passes no flag to node; added by session-kit)",
    );
    expect(file(result, 'package.json')).toBeUndefined();
    expect(result.dependencies).toContainEqual(
      expect.objectContaining({ name: 'dotenv', version: '^18.0.10', dev: false }),
    );
    expect(result.nextSteps[0]).toBe('Start the app with `npm run start`: it loads .env now.');
    const again = await plan(dir, { store: 'memory' });
    expect(file(again, 'src/main.ts')).toBeUndefined();
  });

  it("Nest's ConfigModule.forRoot() in the module main.ts imports is recognised", async () => {
    const dir = copyFixture('nest-express');
    const module = read(dir, 'src/app.module.ts');
    writeFileSync(
      path.join(dir, 'src/app.module.ts'),
      `import { ConfigModule } from '@nestjs/config';\n${module.replace('@Module({', '@Module({\n  imports: [ConfigModule.forRoot()],')}`,
    );
    const result = await plan(dir, { store: 'memory' });
    expect(read(dir, 'src/main.ts')).not.toContain('dotenv');
    expect(file(result, 'src/main.ts')?.after).not.toContain('dotenv');
    expect(result.dependencies.map((d) => d.name)).not.toContain('dotenv');
  });

  it('ts-node in dev and node in start: the TypeScript entry gets the loader, which the built start runs too', async () => {
    const dir = copyFixture('express-class-app');
    const result = await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/server.ts').split('\n')[0]).toBe(
      "import 'dotenv/config'; // loads .env before anything else (ts-node takes no --env-file; added by session-kit)",
    );
    expect(file(result, 'package.json')).toBeUndefined();
  });

  it('two flagless scripts running two entries: each entry loads .env first; a node script of a third is edited', async () => {
    const dir = copyFixture('express-class-app');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.scripts = {
      dev: 'ts-node src/server.ts',
      'start:dev': 'ts-node-dev --respawn src/app.ts',
      start: 'node scripts/boot.js',
    };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    mkdirSync(path.join(dir, 'scripts'));
    writeFileSync(path.join(dir, 'scripts/boot.js'), "require('../dist/server.js');\n");
    const result = await plan(dir, { store: 'memory' });
    expect(file(result, 'src/server.ts')?.after?.split('\n')[0]).toMatch(
      /^import 'dotenv\/config'; .*ts-node takes no/,
    );
    expect(file(result, 'src/app.ts')?.after?.split('\n')[0]).toMatch(
      /^import 'dotenv\/config'; .*ts-node-dev takes no/,
    );
    expect(file(result, 'package.json')?.after).toContain('"start": "node --env-file=.env scripts/boot.js"');
    expect(result.dependencies.filter((d) => d.name === 'dotenv')).toHaveLength(1);
  });

  it('a Node older than 20.6 in engines: a CommonJS entry requires dotenv/config first (after the shebang and "use strict", in its CRLF)', async () => {
    const dir = copyFixture('express4-cjs');
    const pkg = JSON.parse(read(dir, 'package.json'));
    pkg.engines = { node: '>=18' };
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    // The fixture's app.js has CRLF line endings and starts with 'use strict'.
    writeFileSync(path.join(dir, 'app.js'), `#!/usr/bin/env node\r\n${read(dir, 'app.js')}`);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'app.js').split('\r\n').slice(0, 3)).toEqual([
      '#!/usr/bin/env node',
      "'use strict';",
      "require('dotenv/config'); // loads .env before anything else (the Node the app declares has no --env-file (20.6+); added by session-kit)",
    ]);
    expect(read(dir, 'package.json')).not.toContain('--env-file');
  });

  it('--no-load-env: nothing changes, the first next step is the exact edit', async () => {
    const dir = copyFixture('hono-factory');
    const result = await plan(dir, { store: 'memory', loadEnv: false });
    expect(file(result, 'package.json')).toBeUndefined();
    expect(result.nextSteps[0]).toBe(
      `Load .env when the app starts: change the script \`dev\` to \`tsx watch --env-file=.env src/index.ts\`, \`start\` to \`node --env-file=.env dist/index.js\` in package.json; \`npx session-kit add --load-env --cwd ${path.relative(process.cwd(), dir)}\` does it.`,
    );
  });

  it('add --load-env after an add that left the scripts: only the scripts change; remove undoes both', async () => {
    const dir = copyFixture('hono-factory');
    const original = read(dir, 'package.json');
    await addWithoutInstall(dir, { store: 'memory', loadEnv: false });
    expect(read(dir, 'package.json')).toBe(original);
    const later = await addWithoutInstall(dir, { store: 'memory', loadEnv: true });
    expect(later.files.filter((f) => f.before !== f.after).map((f) => f.path)).toEqual([
      'package.json',
      '.session-kit.json',
    ]);
    expect(read(dir, 'package.json')).toContain('"tsx watch --env-file=.env src/index.ts"');
    await removeWithoutInstall(dir);
    expect(read(dir, 'package.json')).toBe(original);
  });

  it('no terminal and no --yes: the scripts stay, stderr says so; --load-env does it', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = copyFixture('hono-factory');
    const result = await planAdd({ cwd: dir, store: 'memory', install: false }, false);
    expect(file(result, 'package.json')).toBeUndefined();
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain(
      'No terminal to ask and no --yes: the start scripts are left as they are (--load-env changes "dev": tsx watch --env-file=.env src/index.ts; "start": node --env-file=.env dist/index.js).',
    );
    const forced = await planAdd({ cwd: dir, store: 'memory', install: false, loadEnv: true }, false);
    expect(file(forced, 'package.json')?.after).toContain('tsx watch --env-file=.env src/index.ts');
  });

  it('--dry-run shows the edit as --yes would make it', async () => {
    const dir = copyFixture('hono-factory');
    const result = await planAdd({ cwd: dir, store: 'memory', install: false, dryRun: true }, false);
    expect(file(result, 'package.json')?.after).toContain('node --env-file=.env dist/index.js');
    await applyPlan(result, { install: false }).catch(() => undefined);
  });

  it('a script session-kit cannot read is named; an app without scripts gets the command to run', async () => {
    const dir = withPackageJson(
      'express4-cjs',
      '{\n  "name": "x",\n  "scripts": { "dev": "concurrently \\"npm:watch\\" \\"npm:serve\\"" },\n  "dependencies": { "express": "^4.21.2" }\n}\n',
    );
    const result = await plan(dir, { store: 'memory' });
    expect(file(result, 'package.json')).toBeUndefined();
    expect(result.nextSteps[0]).toBe(
      '`dev` (`concurrently "npm:watch" "npm:serve"`) was left as it is: session-kit cannot tell what it starts; make sure that loads .env (`node --env-file=.env`, `tsx --env-file=.env`).',
    );
    const bare = withPackageJson(
      'express-config-module',
      '{\n  "name": "x",\n  "main": "src/index.js",\n  "dependencies": { "express": "^4.21.2" }\n}\n',
    );
    const steps = (await plan(bare, { store: 'memory' })).nextSteps;
    expect(steps[0]).toBe(
      "Load .env before the app starts: run it with `node --env-file=.env src/index.js` (Node 20.6+), or add `require('dotenv/config');` as its first line with dotenv installed.",
    );
  });

  it('the generated session module fails fast naming the npm script that did not load .env', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    const session = readFileSync(path.join(dir, 'session.js'), 'utf8');
    const source = /^function requireEnv[\s\S]*?^\}/m.exec(session)?.[0];
    const requireEnv = new Function('process', `${source}; return requireEnv;`);
    const env = { npm_lifecycle_event: 'dev', npm_lifecycle_script: 'tsx watch src/server.ts' };
    expect(() => requireEnv({ env })('SESSION_SECRET')).toThrow(
      'SESSION_SECRET is not set. session-kit wrote it to .env, which the "dev" script (tsx watch src/server.ts) does not load: add --env-file=.env after its node, tsx or nodemon, or make dotenv/config the first import of the app\'s entry (the add --load-env of session-kit does one of them).',
    );
    expect(() => requireEnv({ env: {} })('SESSION_SECRET')).toThrow(
      'which the command that started the app does not load',
    );
    expect(requireEnv({ env: { SESSION_SECRET: 's' } })('SESSION_SECRET')).toBe('s');
  });
});

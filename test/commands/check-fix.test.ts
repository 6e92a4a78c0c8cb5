/**
 * `check --fix`: the repairs check's findings carry, applied as splices (in-process),
 * with --dry-run writing nothing, and check clean for the repaired rules afterwards.
 * The built CLI takes --fix through the main bundle.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/run.js';
import checkFix from '../../src/commands/check-fix.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { runCli } from '../helpers/app-runner.js';

function copy(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sk-fix-${name}-`));
  cpSync(path.join(FIXTURES, name, 'fail'), dir, { recursive: true });
  return dir;
}

async function ruleIds(dir: string): Promise<string[]> {
  return (await runChecks(dir, [], false)).projects[0].findings.map((f) => f.ruleId);
}

describe('check --fix', () => {
  it('sets saveUninitialized: false in place, and --dry-run writes nothing', async () => {
    const dir = copy('check-save-uninitialized');
    const before = readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(await checkFix({ cwd: dir, dryRun: true })).toBe(0);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toBe(before);
    expect(await checkFix({ cwd: dir, yes: true })).toBe(0);
    const after = readFileSync(path.join(dir, 'app.js'), 'utf8');
    expect(after).toBe(before.replace('saveUninitialized: true', 'saveUninitialized: false'));
    expect(await ruleIds(dir)).not.toContain('save-uninitialized');
  });

  it("adds the option @fastify/session's default leaves out, and trustProxy to Fastify()", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-fix-fastify-'));
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'app',
        main: 'server.mjs',
        dependencies: {
          fastify: '^5.2.0',
          '@fastify/cookie': '^11.0.0',
          '@fastify/session': '^11.0.0',
          'connect-pg-simple': '^10.0.0',
        },
      }),
    );
    writeFileSync(path.join(dir, 'fly.toml'), "app = 'x'\n");
    const server = `import Fastify from 'fastify';\nimport fastifyCookie from '@fastify/cookie';\nimport fastifySession from '@fastify/session';\nimport connectPgSimple from 'connect-pg-simple';\nconst PgStore = connectPgSimple(fastifySession);\nconst app = Fastify();\nawait app.register(fastifyCookie);\nawait app.register(fastifySession, { secret: process.env.SESSION_SECRET, store: new PgStore({}) });\napp.get('/', async (request) => request.session.get('user') ?? null);\nawait app.listen({ port: 3000 });\n`;
    writeFileSync(path.join(dir, 'server.mjs'), server);
    expect(await ruleIds(dir)).toEqual(['save-uninitialized', 'secure-cookie-without-trust-proxy']);
    expect(await checkFix({ cwd: dir, yes: true })).toBe(0);
    expect(readFileSync(path.join(dir, 'server.mjs'), 'utf8')).toBe(
      server
        .replace('Fastify();', 'Fastify({ trustProxy: true });')
        .replace('fastifySession, { secret', 'fastifySession, { saveUninitialized: false, secret'),
    );
    expect(await ruleIds(dir)).toEqual([]);
  });

  it("inserts app.set('trust proxy', 1) after the app's creation (built CLI, main bundle)", async () => {
    const dir = copy('check-secure-cookie-without-trust-proxy');
    const result = await runCli(['check', '--fix', '--yes'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'app.js'), 'utf8')).toContain(
      "const app = express();\napp.set('trust proxy', 1);\napp.use(express.json());",
    );
    expect(await ruleIds(dir)).toEqual([]);
  });

  it.each([
    ['check-nest-secure-cookie-without-trust-proxy', 'the Express adapter: set on its instance'],
    [
      'check-nest-fastify-secure-cookie-without-trust-proxy',
      'the Fastify adapter: trustProxy in new FastifyAdapter({…})',
    ],
  ])('NestJS, %s (%s): the fixed main.ts is the passing one byte for byte', async (name) => {
    const dir = copy(name);
    expect(await ruleIds(dir)).toEqual(['secure-cookie-without-trust-proxy']);
    expect(await checkFix({ cwd: dir, yes: true })).toBe(0);
    expect(readFileSync(path.join(dir, 'src/main.ts'), 'utf8')).toBe(
      readFileSync(path.join(FIXTURES, name, 'pass/src/main.ts'), 'utf8'),
    );
    expect(await ruleIds(dir)).toEqual([]);
  });

  it("NestJS created as NestExpressApplication: app.set('trust proxy', 1) after NestFactory.create", async () => {
    const dir = copy('check-nest-secure-cookie-without-trust-proxy');
    const main = readFileSync(path.join(dir, 'src/main.ts'), 'utf8')
      .replace(
        "import { NestFactory } from '@nestjs/core';\n",
        "import { NestFactory } from '@nestjs/core';\nimport type { NestExpressApplication } from '@nestjs/platform-express';\n",
      )
      .replace('NestFactory.create(AppModule)', 'NestFactory.create<NestExpressApplication>(AppModule)')
      .replace(/\n/g, '\r\n');
    writeFileSync(path.join(dir, 'src/main.ts'), main);
    expect(await checkFix({ cwd: dir, yes: true })).toBe(0);
    expect(readFileSync(path.join(dir, 'src/main.ts'), 'utf8')).toBe(
      main.replace(
        'NestFactory.create<NestExpressApplication>(AppModule);\r\n',
        "NestFactory.create<NestExpressApplication>(AppModule);\r\n  app.set('trust proxy', 1);\r\n",
      ),
    );
    expect(await ruleIds(dir)).toEqual([]);
  });

  it('NestJS on Fastify with the adapter given inline and no options: new FastifyAdapter({ trustProxy: true })', async () => {
    const dir = copy('check-nest-fastify-secure-cookie-without-trust-proxy');
    const main = readFileSync(path.join(dir, 'src/main.ts'), 'utf8')
      .replace('  const adapter = new FastifyAdapter({ logger: true });\n', '')
      .replace('(AppModule, adapter)', '(AppModule, new FastifyAdapter())');
    writeFileSync(path.join(dir, 'src/main.ts'), main);
    expect(await checkFix({ cwd: dir, yes: true })).toBe(0);
    expect(readFileSync(path.join(dir, 'src/main.ts'), 'utf8')).toBe(
      main.replace('new FastifyAdapter()', 'new FastifyAdapter({ trustProxy: true })'),
    );
    expect(await ruleIds(dir)).toEqual([]);
  });

  it('repairs the order with the code of add --fix-order (Express, Koa)', async () => {
    for (const name of ['check-express-session-before-routes', 'check-koa-session-before-routers']) {
      const dir = copy(name);
      const rule = JSON.parse(readFileSync(path.join(FIXTURES, name, 'rule.json'), 'utf8')).rule as string;
      expect(await ruleIds(dir), name).toContain(rule);
      expect(await checkFix({ cwd: dir, yes: true }), name).toBe(0);
      expect(await ruleIds(dir), name).not.toContain(rule);
    }
  });
});

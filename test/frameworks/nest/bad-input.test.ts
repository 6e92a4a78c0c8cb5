import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { UserError } from '../../../src/core/errors.js';
import { addWithoutInstall, copyFixture, plan, read, recordInstalled } from '../../helpers/fixtures.js';

async function refusal(dir: string, options: { store: string; fixOrder?: boolean }): Promise<UserError> {
  const error = await plan(dir, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('nest on express', () => {
  it('registers the session right after NestFactory.create, before app.init() and app.listen()', async () => {
    const dir = copyFixture('nest-express');
    await addWithoutInstall(dir, { store: 'memory' });
    const lines = read(dir, 'src/main.ts').split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at('app.use(sessionMiddleware);')).toBe(at('NestFactory.create(AppModule)') + 1);
    expect(at('app.use(sessionMiddleware);')).toBeLessThan(at('await app.init()'));
    expect(lines[at('app.use(sessionMiddleware);')]).toBe('  app.use(sessionMiddleware);');
    expect(lines).toContain("import { sessionMiddleware } from './session';");
  });

  it("goes after the app's own middleware", async () => {
    const dir = copyFixture('nest-express');
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      read(dir, 'src/main.ts')
        .replace(
          "import { AppModule } from './app.module';\n",
          "import { AppModule } from './app.module';\nimport * as compression from 'compression';\n",
        )
        .replace(
          '  app.enableCors({ origin: false });\n',
          '  app.enableCors({ origin: false });\n  app.use(compression());\n',
        ),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/main.ts')).toContain(
      '  app.use(compression());\n  app.use(sessionMiddleware);\n  // Initialise before listening',
    );
  });

  it('without esModuleInterop imports CommonJS packages as namespaces', async () => {
    const dir = copyFixture('nest-express');
    await addWithoutInstall(dir, { store: 'postgres' });
    const session = read(dir, 'src/session.ts');
    expect(session).toContain("import * as session from 'express-session';");
    expect(session).toContain("import * as connectPgSimple from 'connect-pg-simple';");
    expect(session).not.toMatch(/^import \w+ from /m);
  });

  it('a session moved below app.init() is refused with file:line and moved back with --fix-order', async () => {
    const dir = copyFixture('nest-express');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/main.ts');
    const broken = correct
      .replace('  app.use(sessionMiddleware);\n', '')
      .replace('  await app.init();\n', '  await app.init();\n  app.use(sessionMiddleware);\n');
    writeFileSync(path.join(dir, 'src/main.ts'), broken);
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('wrong-order');
    const line = broken.split('\n').indexOf('  app.use(sessionMiddleware);') + 1;
    expect(error.where).toMatchObject({ file: 'src/main.ts', line });
    expect(error.message).toContain(`must come before app.init() (src/main.ts:${line - 1})`);
    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    const repaired = read(dir, 'src/main.ts');
    expect(repaired.indexOf('app.use(sessionMiddleware)')).toBeLessThan(repaired.indexOf('await app.init()'));
  });

  it('an app created by a helper it cannot follow is refused with the lines to add by hand', async () => {
    const dir = copyFixture('nest-express');
    const main =
      "import { NestFactory } from '@nestjs/core';\nimport { createApp } from './bootstrap/create-app';\n\nasync function bootstrap() {\n  const app = await createApp(NestFactory);\n  await app.listen(3000);\n}\nvoid bootstrap();\n";
    writeFileSync(path.join(dir, 'src/main.ts'), main);
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('app-not-found');
    expect(error.where).toMatchObject({ file: 'src/main.ts', line: 5 });
    expect(error.message).toContain('comes from createApp()');
    expect(error.manual).toContain('app.use(sessionMiddleware);');
    expect(read(dir, 'src/main.ts')).toBe(main);
  });

  it('an app made by another factory wrapping NestFactory is refused as not recognised, with the exact lines', async () => {
    const dir = copyFixture('nest-express');
    const main =
      "import { NestFactory } from '@nestjs/core';\nimport { NestCloud } from '@nestcloud/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const server = NestCloud.create(await NestFactory.create(AppModule));\n  await server.listen(3000);\n}\nbootstrap();\n";
    writeFileSync(path.join(dir, 'src/main.ts'), main);
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('app-not-found');
    expect(error.where).toMatchObject({ file: 'src/main.ts', line: 6 });
    expect(error.message).toBe(
      'session-kit does not recognise how the Nest app is created in src/main.ts: `server` comes from NestCloud.create(), not NestFactory.create(), so it cannot tell which app that returns or where the session goes.',
    );
    expect(error.manual).toBe(
      "import { sessionMiddleware } from './session';\n// right after the line that makes `server` (src/main.ts:6), before server.init()/server.listen():\nserver.use(sessionMiddleware);",
    );
    expect(read(dir, 'src/main.ts')).toBe(main);
  });

  it('a file that never imports @nestjs/core (`await SomeFactory.create(AppModule)`) is found and refused the same way', async () => {
    const dir = copyFixture('nest-express');
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      "import { CloudFactory } from '@acme/cloud';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await CloudFactory.create(AppModule);\n  await app.listen(3000);\n}\nvoid bootstrap();\n",
    );
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('app-not-found');
    expect(error.message).toContain('`app` comes from CloudFactory.create(), not NestFactory.create()');
    expect(error.manual).toContain('// right after the line that makes `app` (src/main.ts:5)');
  });

  it('when the app is not recognised but a module it loads already sets up a session, that session is named', async () => {
    const dir = copyFixture('nest-express');
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      "import { NestFactory } from '@nestjs/core';\nimport { NestCloud } from '@nestcloud/core';\nimport { AppModule } from './app.module';\nimport { useSession } from './common/session-setup';\n\nasync function bootstrap() {\n  const app = NestCloud.create(await NestFactory.create(AppModule));\n  useSession(app);\n  await app.listen(3000);\n}\nbootstrap();\n",
    );
    mkdirSync(path.join(dir, 'src/common'));
    writeFileSync(
      path.join(dir, 'src/common/session-setup.ts'),
      "import type { INestApplication } from '@nestjs/common';\nimport session from 'express-session';\n\nexport function useSession(app: INestApplication) {\n  app.use(session({ secret: process.env.SESSION_SECRET as string, resave: false, saveUninitialized: false }));\n}\n",
    );
    const error = await refusal(dir, { store: 'memory' });
    expect(error.code).toBe('session-exists');
    expect(error.message).toMatch(/^src\/common\/session-setup\.ts:5 already sets up a session \(express-session\)/);
  });
});

describe('nest app kept on the instance (this.app) and configured by methods', () => {
  it('check orders steps where their methods are called: a session method run after listen is reported at its line', async () => {
    const dir = copyFixture('nest-class-this-app');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const clean = await runChecks(dir, [], false);
    expect(clean.projects[0].findings.filter((f) => f.severity === 'error')).toEqual([]);
    // Swap the calls: setupPlugins (with the session) now runs after listen, though it is written above it.
    const main = read(dir, 'src/main.ts');
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      main.replace(
        '    this.setupPlugins();\n    await this.app.listen(Number(process.env.PORT ?? 3000));\n',
        '    await this.app.listen(Number(process.env.PORT ?? 3000));\n    this.setupPlugins();\n',
      ),
    );
    const report = await runChecks(dir, [], false);
    const line = main.split('\n').indexOf('    this.app.use(sessionMiddleware);') + 1;
    const findings = report.projects[0].findings.filter((f) => f.ruleId === 'nest/session-before-init');
    expect(findings).toMatchObject([{ file: 'src/main.ts', line }]);
    // Moving one statement cannot reorder method calls: neither offered nor tried.
    expect(findings[0].fix).not.toContain('--fix-order');
    const error = await refusal(dir, { store: 'memory', fixOrder: true });
    expect(error.code).toBe('wrong-order');
    expect(error.hint).not.toContain('--fix-order');
  });
});

describe('nest on fastify', () => {
  it('registers @fastify/cookie then @fastify/session before app.listen, with default imports under esModuleInterop', async () => {
    const dir = copyFixture('nest-fastify');
    await addWithoutInstall(dir, { store: 'redis' });
    const main = read(dir, 'src/main.ts');
    expect(main).toContain(
      "import fastifyCookie from '@fastify/cookie'\nimport fastifySession from '@fastify/session'\nimport { sessionOptions } from './session'\n",
    );
    expect(main).toContain(
      '  )\n  await app.register(fastifyCookie)\n  await app.register(fastifySession, sessionOptions)\n  app.enableShutdownHooks()\n',
    );
  });

  it('recognises the Fastify adapter passed as a variable', async () => {
    const dir = copyFixture('nest-fastify');
    const main = read(dir, 'src/main.ts').replace(
      '  const app = await NestFactory.create<NestFastifyApplication>(\n    AppModule,\n    new FastifyAdapter({ logger: false }),\n  )\n',
      '  const adapter = new FastifyAdapter({ logger: false })\n  const app = await NestFactory.create(AppModule, adapter)\n',
    );
    writeFileSync(path.join(dir, 'src/main.ts'), main);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/main.ts')).toContain(
      '  const app = await NestFactory.create(AppModule, adapter)\n  await app.register(fastifyCookie)\n',
    );
  });

  it('without esModuleInterop the plugins are imported as namespaces', async () => {
    const dir = copyFixture('nest-fastify');
    const tsconfig = path.join(dir, 'tsconfig.json');
    writeFileSync(tsconfig, read(dir, 'tsconfig.json').replace('    "esModuleInterop": true,\n', ''));
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/main.ts')).toContain(
      "import * as fastifyCookie from '@fastify/cookie'\nimport * as fastifySession from '@fastify/session'\n",
    );
    expect(read(dir, 'src/session.ts')).toContain("import * as fastifySession from '@fastify/session'");
  });

  it('a session registered before the cookie is refused, and repaired with --fix-order', async () => {
    const dir = copyFixture('nest-fastify');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'src/main.ts');
    const swapped = correct.replace(
      '  await app.register(fastifyCookie)\n  await app.register(fastifySession, sessionOptions)\n',
      '  await app.register(fastifySession, sessionOptions)\n  await app.register(fastifyCookie)\n',
    );
    writeFileSync(path.join(dir, 'src/main.ts'), swapped);
    const error = await refusal(dir, { store: 'memory' });
    expect(error.message).toContain('@fastify/cookie registration must come before the session registration');
    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(read(dir, 'src/main.ts')).toBe(correct);
  });
});

describe('nest tsconfig import forms', () => {
  it('reads esModuleInterop through a relative `extends`', async () => {
    const dir = copyFixture('nest-express');
    writeFileSync(
      path.join(dir, 'tsconfig.base.json'),
      '{\n  // shared compiler options\n  "compilerOptions": { "esModuleInterop": true }\n}\n',
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      read(dir, 'tsconfig.json').replace(
        '{\n  "compilerOptions": {',
        '{\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": {',
      ),
    );
    await addWithoutInstall(dir, { store: 'sqlite' });
    const session = read(dir, 'src/session.ts');
    expect(session).toContain("import session from 'express-session';");
    expect(session).toContain("import knex from 'knex';");
  });

  it('without it, uses the named export of packages whose default is an ES default (knex)', async () => {
    const dir = copyFixture('nest-express');
    await addWithoutInstall(dir, { store: 'sqlite' });
    expect(read(dir, 'src/session.ts')).toContain("import { knex } from 'knex';");
  });
});

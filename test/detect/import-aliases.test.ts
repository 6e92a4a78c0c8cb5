/**
 * Aliased imports (tsconfig `paths`, package.json `imports`) name project files: they
 * are followed like relative imports, so a session set up behind an alias is seen and a
 * router behind one is judged by its code.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/run.js';
import { aliasResolverOf } from '../../src/detect/import-aliases.js';
import { ProjectFiles } from '../../src/detect/project.js';
import { plan } from '../helpers/fixtures.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-aliases-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function resolverFor(files: Record<string, string>) {
  return aliasResolverOf(new ProjectFiles(project(files)));
}

const PKG = JSON.stringify({ name: 'a', dependencies: { express: '^5.1.0', 'express-session': '^1.18.1' } });

describe('aliasResolverOf', () => {
  it('tsconfig paths from baseUrl, through extends, the longest pattern first', () => {
    const resolve = resolverFor({
      'package.json': PKG,
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: { baseUrl: 'src', paths: { '@/*': ['*'], '@/routes/*': ['http/routes/*'] } },
      }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { strict: true } }),
      'src/db.ts': '',
      'src/http/routes/users.ts': '',
      'src/routes/users.ts': '',
    });
    expect(resolve('@/db', 'src/main.ts')).toBe('./db.ts');
    expect(resolve('@/routes/users', 'src/main.ts')).toBe('./http/routes/users.ts');
    expect(resolve('@/routes/users', 'src/deep/file.ts')).toBe('../http/routes/users.ts');
    expect(resolve('@/missing', 'src/main.ts')).toBeNull();
    expect(resolve('express', 'src/main.ts')).toBeNull();
    expect(resolve('./db', 'src/main.ts')).toBeNull();
  });

  it('paths without baseUrl resolve from the config that sets them; targets outside the project are ignored', () => {
    const resolve = resolverFor({
      'package.json': PKG,
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./app/*'], 'up/*': ['../../*'] } } }),
      'app/session.ts': '',
    });
    expect(resolve('~/session', 'server.ts')).toBe('./app/session.ts');
    expect(resolve('up/etc/passwd', 'server.ts')).toBeNull();
  });

  it('package.json imports: patterns, conditions, exact keys; a target outside the project is ignored', () => {
    const resolve = resolverFor({
      'package.json': JSON.stringify({
        name: 'a',
        imports: {
          '#lib/*': { node: './lib/*.js', default: './lib/*.js' },
          '#db': './src/db.js',
          '#out': '../outside.js',
          '#pkg': 'some-package',
        },
      }),
      'lib/sessions.js': '',
      'src/db.js': '',
    });
    expect(resolve('#lib/sessions', 'server.js')).toBe('./lib/sessions.js');
    expect(resolve('#db', 'routes/index.js')).toBe('../src/db.js');
    expect(resolve('#out', 'server.js')).toBeNull();
    expect(resolve('#pkg', 'server.js')).toBeNull();
  });
});

describe('check through aliases', () => {
  const files = (reads: boolean) => ({
    'package.json': PKG,
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }),
    'src/server.ts': [
      "import express from 'express';",
      "import session from 'express-session';",
      "import { account } from '@/routes/account';",
      '',
      'const app = express();',
      "app.use('/account', account);",
      'app.use(session({ secret: process.env.SESSION_SECRET as string, resave: false, saveUninitialized: false }));',
      'app.listen(3000);',
      '',
    ].join('\n'),
    'src/routes/account.ts': [
      "import { Router } from 'express';",
      "import { view } from '@/views/account';",
      'export const account = Router();',
      "account.get('/', (_req, res) => res.send(view()));",
      '',
    ].join('\n'),
    // Reached only through a second alias: whether it reads the session decides the finding.
    'src/views/account.ts': reads
      ? 'export const view = (req?: { session?: unknown }) => String(req?.session);\n'
      : "export const view = () => 'account';\n",
  });

  it('a router behind an alias that (through another alias) reads the session, before the session, is an error', async () => {
    const [report] = (await runChecks(project(files(true)), [], false)).projects;
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      'src/server.ts:7 express/session-before-routes',
    ]);
    expect(report.findings[0].message).toContain('reads the session');
  });

  it('one that provably never reads it may stay first', async () => {
    const [report] = (await runChecks(project(files(false)), [], false)).projects;
    expect(report.findings).toEqual([]);
  });
});

describe('the setup file behind an alias', () => {
  it('the entry imports the app module through tsconfig paths: add edits that module', async () => {
    const dir = project({
      'package.json': JSON.stringify({
        name: 'svc',
        type: 'module',
        scripts: { start: 'node dist/main.js' },
        dependencies: { express: '^5.1.0' },
      }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'nodenext', outDir: 'dist', rootDir: 'src', paths: { '@/*': ['./src/*'] } },
      }),
      'src/main.ts': "import { Server } from '@/app/server';\n\nnew Server().start();\n",
      'src/app/server.ts': [
        "import express from 'express';",
        '',
        'export class Server {',
        '  private readonly app = express();',
        '',
        '  constructor() {',
        '    this.app.use(express.json());',
        "    this.app.get('/health', (_req, res) => res.send('ok'));",
        '  }',
        '',
        '  start(): void {',
        '    this.app.listen(3000);',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const result = await plan(dir, { store: 'memory' });
    expect(result.framework.setupFile).toBe('src/app/server.ts');
    const edited = result.files.find((f) => f.path === 'src/app/server.ts');
    expect(edited?.after).toContain('    this.app.use(express.json());\n    this.app.use(sessionMiddleware);\n');
  });
});

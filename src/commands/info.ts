/**
 * `session-kit info`: what detection found and why.
 */
import path from 'node:path';
import { findSessionSetups } from '../check/session-setups.js';
import { detectAll } from '../detect/index.js';
import { detectMigrationTool } from '../detect/migration-tool.js';
import { promptForApp } from '../detect/prompt-app.js';
import { selfCommand } from '../core/self-command.js';
import type { CommandOptions } from './options.js';

export default async function info(options: CommandOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !options.json;
  const { project, framework, detection } = await detectAll({ cwd: options.cwd, interactive, chooseApp: promptForApp });
  // What is already there: the session steps `check` would read, and the migration tool.
  const steps = framework && detection ? await framework.recognise(project, detection).catch(() => []) : [];
  // Steps of the setup itself: not the routes and routers judged by whether they read the session.
  const sessionSteps = steps.filter((s) => /session|cookie|store/i.test(s.kind) && !/route/i.test(s.kind));
  // A session set up in another file the app loads (a config module, an autoloaded plugin), as add and check find it.
  const elsewhere =
    sessionSteps.length === 0 && framework && detection
      ? await findSessionSetups(project, detection.setupFile).catch(() => [])
      : [];
  const migrationTool = project.ecosystem === 'node' ? await detectMigrationTool(project) : null;
  const data = {
    root: project.root,
    workspaceRoot: project.workspaceRoot,
    ecosystem: project.ecosystem,
    packageManager: project.packageManager,
    language: project.language,
    moduleSystem: project.moduleSystem,
    node: project.node,
    framework: framework ? { id: framework.id, name: framework.name, version: detection?.version ?? null } : null,
    setupFile: detection?.setupFile ?? null,
    reasons: detection?.reasons ?? [],
    facts: detection?.facts ?? {},
    sessionSetup: [
      ...sessionSteps.map((s) => ({
        kind: s.kind,
        file: s.file,
        line: s.line,
        label: framework?.stepKinds[s.kind] ?? s.kind,
      })),
      ...elsewhere.map((s) => ({ kind: 'session', file: s.file, line: s.line, label: `${s.library} session` })),
    ],
    migrationTool: migrationTool
      ? { id: migrationTool.id, dir: migrationTool.dir, detected: migrationTool.detected, reason: migrationTool.reason }
      : null,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  const rel = (p: string | null) => (p ? path.relative(process.cwd(), p) || '.' : '-');
  const pm = project.packageManager;
  const rows: [string, string | null][] = [
    [
      'Project',
      `${rel(project.root)}${project.workspaceRoot && project.workspaceRoot !== project.root ? ` (workspace package of ${rel(project.workspaceRoot)})` : ''}`,
    ],
    [
      'Package manager',
      pm ? `${pm.name}${pm.version ? `@${pm.version}` : ''} ${packageManagerSource(pm.source)}` : null,
    ],
    ['Language', languageInWords(project.language, project.moduleSystem)],
    [
      'Node',
      project.node
        ? `${project.node.range ?? project.node.major} (${project.node.source === 'running node' ? 'the Node running session-kit: the app declares none' : `from ${project.node.source}`})`
        : null,
    ],
    [
      'Framework',
      framework ? `${framework.name}${detection?.version ? ` ${detection.version}` : ''}` : 'none recognised',
    ],
    ['Setup file', detection?.setupFile ?? '-'],
    ...factRows(detection?.facts ?? {}),
    [
      'Session setup',
      data.sessionSetup.length
        ? data.sessionSetup.map((s) => `${s.label} at ${s.file}:${s.line}`).join('; ')
        : 'none found',
    ],
    [
      'Migrations',
      migrationTool
        ? migrationTool.detected
          ? `${migrationTool.id} in ${migrationTool.dir}/ (${migrationTool.reason})`
          : `no migration tool found: with the postgres or mysql store, add writes the session table as plain SQL to ${migrationTool.dir}/ (applied by \`${selfCommand('migrate', { root: project.root })}\`); the memory, redis and sqlite stores need no migration`
        : null,
    ],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  const width = Math.max(...shown.map(([label]) => label.length)) + 2;
  const lines = [
    ...shown.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    detection?.reasons.length ? `Why:\n${detection.reasons.map((r) => `  - ${r}`).join('\n')}` : null,
  ];
  process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
  return 0;
}

function packageManagerSource(source: string): string {
  if (source.startsWith('default')) return '(the default: no lockfile or packageManager field)';
  return `(from ${source})`;
}

function languageInWords(language: string, moduleSystem: string | null | undefined): string {
  const name = { js: 'JavaScript', ts: 'TypeScript', rust: 'Rust' }[language] ?? language;
  const modules = moduleSystem ? ({ esm: 'ES modules', cjs: 'CommonJS' }[moduleSystem] ?? moduleSystem) : null;
  return modules ? `${name}, ${modules}` : name;
}

/** A package fact (`express-session: false`) is whether package.json declares it. */
const PACKAGE_FACT = /^(?:@[\w.-]+\/)?[\w.-]+$/;

/** Detection facts in words, one row each (info's text; --json keeps the raw facts). */
export function factRows(facts: Record<string, string | boolean | number | null>): [string, string | null][] {
  const rows: [string, string | null][] = [];
  const declared: string[] = [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(facts)) {
    const words = FACT_WORDS[key];
    if (words) {
      rows.push(words(value));
      continue;
    }
    if (typeof value === 'boolean' && PACKAGE_FACT.test(key) && /[-/@]/.test(key)) {
      (value ? declared : missing).push(key);
      continue;
    }
    rows.push([key, value === null ? 'none' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
  }
  if (declared.length || missing.length)
    rows.splice(0, 0, [
      'Packages',
      [
        declared.length ? `${declared.join(', ')} in package.json` : null,
        missing.length ? `${missing.join(', ')} not in package.json` : null,
      ]
        .filter(Boolean)
        .join('; '),
    ]);
  return rows;
}

type Fact = string | boolean | number | null;
const yesNo = (value: Fact, yes: string, no: string) => (value ? yes : no);

const FACT_WORDS: Record<string, (value: Fact) => [string, string | null]> = {
  adapter: (v) => [
    'HTTP adapter',
    v === 'fastify'
      ? 'Fastify (@nestjs/platform-fastify)'
      : v === 'express'
        ? 'Express (@nestjs/platform-express)'
        : String(v),
  ],
  esModuleInterop: (v) => [
    'Imports',
    yesNo(
      v,
      'default imports of CommonJS packages (esModuleInterop is on)',
      'namespace imports of CommonJS packages (esModuleInterop is off)',
    ),
  ],
  runtime: (v) => [
    'Runtime',
    (
      { node: 'Node (@hono/node-server)', bun: 'Bun', deno: 'Deno', workers: 'Cloudflare Workers' } as Record<
        string,
        string
      >
    )[String(v)] ?? (v === null ? 'not recognised' : String(v)),
  ],
  crate: (v) => ['Crate', v === null ? null : String(v)],
  crateDir: (v) => ['Crate folder', v === null ? null : String(v)],
  pavexDeclared: (v) => ['Pavex declared', v === null ? 'no version requirement found' : String(v)],
  pavexLocked: (v) => ['Pavex locked', v === null ? 'no Cargo.lock entry' : `${v} (Cargo.lock)`],
  configuration: (v) => ['Configuration', v === null ? 'no configuration folder' : `${v}/`],
  migrations: (v) => ['Migrations folder', v === null ? null : `${v}/`],
  migrationsStyle: (v) => ['Migration names', String(v)],
  workspaceHack: (v) => ['workspace_hack', yesNo(v, 'yes (run cargo hakari generate after add)', 'none')],
  legacyStyle: (v) => ['Pavex API', v ? `0.1.x style (${v}): add refuses until it is upgraded` : '0.2.x style'],
  cookieCryptoRequired: (v) => [
    'Cookie crypto rule',
    yesNo(v, 'required (pavex_session 0.2.5+)', 'not required (before pavex_session 0.2.5)'),
  ],
  sessionCrates: (v) => ['Session crates', v === null ? 'none' : String(v)],
};

/**
 * Koa 2 and 3: koa-session with a generated store adapter (connect stores pass
 * koa-session's checks and persist nothing). The app file gains one import,
 * `app.keys = sessionKeys` when it has no keys, and `app.use(sessionMiddleware(app))`.
 * The `add` code (add.ts) loads on first use: `check` needs only the data,
 * detect and recognise.
 */
import path from 'node:path';
import { ProjectSources } from '../../check/sources.js';
import { dependencyRange, hasDependency, type Project } from '../../detect/project.js';
import { findSetupFile } from '../../detect/entry.js';
import { stepsInSetupFile } from '../../edit/js/setup-source.js';
import { lineColumn } from '../../edit/lines.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { escapeRegExp } from '../../edit/regex.js';
import { findKoaApp } from './recognise.js';
import { KOA_ORDERING, KOA_REQUIREMENTS, KOA_STEP_KINDS, KOA_TRUST_PROXY } from './rules.js';

const CREATES_APP = /\bnew\s+[\w$]+(?:\.default)?\s*\(/;

/** Stores as generated adapters, wrapped for koa-session by templates/koa/session.js. */
export const KOA_INTEGRATION = { style: 'generated-adapter', templates: 'koa' } as const;

export const koa: FrameworkModule = {
  id: 'koa',
  name: 'Koa',
  ecosystem: 'node',
  integration: KOA_INTEGRATION,
  stores: STORE_IDS,
  stepKinds: KOA_STEP_KINDS,
  fixesOrder: true,
  ordering: KOA_ORDERING,
  registerGenerated: ({ middleware, keys }) => `${keys ? `app.keys = ${keys}; ` : ''}app.use(${middleware}(app))`,
  requirements: KOA_REQUIREMENTS,
  sessionPackages: [{ name: 'koa-session', defaultStore: 'cookie' }],
  trustProxy: KOA_TRUST_PROXY,

  detect(project: Project): FrameworkDetection | null {
    if (!hasDependency(project.packageJson, 'koa')) return null;
    const entry = findSetupFile(
      project.files,
      project.packageJson,
      (text) => CREATES_APP.test(text) && /['"]koa['"]/.test(text),
    );
    return {
      setupFile: entry?.file ?? null,
      version: dependencyRange(project.packageJson, 'koa') ?? undefined,
      reasons: ['package.json depends on koa', ...(entry?.reasons ?? ['no file calling new Koa() found'])],
      facts: {
        'koa-session': hasDependency(project.packageJson, 'koa-session'),
        '@koa/router': hasDependency(project.packageJson, '@koa/router'),
      },
    };
  },

  async plan(ctx: PlanContext): Promise<void> {
    const { planKoa } = await import('./add.js');
    await planKoa(ctx);
  },

  async recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]> {
    const steps = await stepsInSetupFile(
      project,
      detection.setupFile,
      (s) => findKoaApp(s.ast, s.text, s.file, s.readModule, s.sessionUseOf)?.steps,
    );
    if (detection.setupFile && steps.some((s) => s.kind === 'session') && !steps.some((s) => s.kind === 'keys')) {
      // The keys may be set where the app is imported (`app.keys = ...` in server.js).
      const elsewhere = keysSetElsewhere(project, detection.setupFile);
      if (elsewhere) steps.push(elsewhere);
    }
    return steps;
  },
};

/** `<app>.keys = ...` in a source file that imports the setup file, as a step there. */
export function keysSetElsewhere(project: Project, setupFile: string): SessionStep | null {
  const stem = path.posix.basename(setupFile).replace(/\.[cm]?[jt]s$/, '');
  const importsSetup = new RegExp(
    `(?:from\\s*|require\\s*\\(\\s*)['"]\\.{1,2}/(?:[^'"]*/)?${escapeRegExp(stem)}(?:\\.[cm]?[jt]s)?['"]`,
  );
  for (const file of new ProjectSources(project.files).list()) {
    if (file === setupFile) continue;
    const text = project.files.read(file) ?? '';
    const match = /^[ \t]*[\w$]+\.keys\s*=/m.exec(text);
    if (!match || !importsSetup.test(text)) continue;
    const start = match.index + match[0].length - match[0].trimStart().length;
    const { line, column } = lineColumn(text, start);
    return {
      kind: 'keys',
      file,
      line,
      column,
      start,
      end: text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start),
      text: text.slice(start, start + 80).split('\n')[0],
    };
  }
  return null;
}

/**
 * Koa 2 and 3: koa-session with a generated store adapter (connect stores pass
 * koa-session's checks and persist nothing). The app file gains one import,
 * `app.keys = sessionKeys` when it has no keys, and `app.use(sessionMiddleware(app))`.
 * The `add` code (plan.ts) loads on first use: `check` needs only the data,
 * detect and recognise.
 */
import { dependencyRange, hasDependency, type Project } from '../../detect/project.js';
import { findSetupFile, relativeModuleReader } from '../../detect/entry.js';
import { parseJs } from '../../edit/js/parse.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { findKoaApp } from './recognise.js';
import { KOA_ORDERING, KOA_REQUIREMENTS, KOA_STEP_KINDS } from './rules.js';

const CREATES_APP = /\bnew\s+[\w$]+(?:\.default)?\s*\(/;

export const koa: FrameworkModule = {
  id: 'koa',
  name: 'Koa',
  ecosystem: 'node',
  storeFamily: 'koa',
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  stepKinds: KOA_STEP_KINDS,
  ordering: KOA_ORDERING,
  requirements: KOA_REQUIREMENTS,
  sessionPackages: [{ name: 'koa-session', defaultStore: 'cookie' }],

  detect(project: Project): FrameworkDetection | null {
    if (!hasDependency(project.packageJson, 'koa')) return null;
    const entry = findSetupFile(project.files, project.packageJson, (text) => CREATES_APP.test(text) && /['"]koa['"]/.test(text));
    return {
      setupFile: entry?.file ?? null,
      version: dependencyRange(project.packageJson, 'koa') ?? undefined,
      reasons: ['package.json depends on koa', ...(entry?.reasons ?? ['no file calling new Koa() found'])],
      facts: { 'koa-session': hasDependency(project.packageJson, 'koa-session'), '@koa/router': hasDependency(project.packageJson, '@koa/router') },
    };
  },

  async plan(ctx: PlanContext): Promise<void> {
    const { planKoa } = await import('./plan.js');
    await planKoa(ctx);
  },

  async recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]> {
    if (!detection.setupFile) return [];
    const text = project.files.read(detection.setupFile) ?? '';
    const ast = await parseJs(text, detection.setupFile);
    return findKoaApp(ast, text, detection.setupFile, relativeModuleReader(project, detection.setupFile))?.steps ?? [];
  },
};

/**
 * Express 4 and 5: express-session with a connect store, kept in a generated
 * module; the app file gains one import and one `app.use(sessionMiddleware)`.
 * The `add` code (add.ts) loads on first use: `check` needs only the data,
 * detect and recognise.
 */
import { dependencyRange, hasDependency, type Project } from '../../detect/project.js';
import { findSetupFile } from '../../detect/entry.js';
import { stepsInSetupFile } from '../../edit/js/setup-source.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { findExpressApp } from './recognise.js';
import { EXPRESS_ORDERING, EXPRESS_SESSION_PACKAGE, EXPRESS_STEP_KINDS, EXPRESS_TRUST_PROXY } from './rules.js';

/** Connect stores handed to express-session, in templates/connect/session.js. */
export const EXPRESS_INTEGRATION = { style: 'connect-store', templates: 'connect' } as const;

const CREATES_APP = /\bexpress\s*\(\s*\)/;

export const express: FrameworkModule = {
  id: 'express',
  name: 'Express',
  ecosystem: 'node',
  integration: EXPRESS_INTEGRATION,
  stores: STORE_IDS,
  stepKinds: EXPRESS_STEP_KINDS,
  fixesOrder: true,
  ordering: EXPRESS_ORDERING,
  sessionPackages: [EXPRESS_SESSION_PACKAGE],
  trustProxy: EXPRESS_TRUST_PROXY,

  detect(project: Project): FrameworkDetection | null {
    if (!hasDependency(project.packageJson, 'express')) return null;
    const range = dependencyRange(project.packageJson, 'express') ?? undefined;
    const entry = findSetupFile(
      project.files,
      project.packageJson,
      (text) => CREATES_APP.test(text) && /['"]express['"]/.test(text),
    );
    return {
      setupFile: entry?.file ?? null,
      version: range,
      reasons: ['package.json depends on express', ...(entry?.reasons ?? ['no file calling express() found'])],
      facts: { 'express-session': hasDependency(project.packageJson, 'express-session') },
    };
  },

  async plan(ctx: PlanContext): Promise<void> {
    const { planExpress } = await import('./add.js');
    await planExpress(ctx);
  },

  async recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]> {
    return stepsInSetupFile(
      project,
      detection.setupFile,
      (s) => findExpressApp(s.ast, s.text, s.file, s.readModule, s.sessionUseOf)?.steps,
    );
  },
};

/**
 * Fastify 5: @fastify/cookie then @fastify/session, the store wired through the
 * connect-store factory in a generated module. The app file gains the imports and
 * two registrations; a fastify-cli/@fastify/autoload app gains a plugin file instead.
 * The `add` code (add.ts) loads on first use: `check` needs only the data,
 * detect and recognise.
 */
import path from 'node:path';
import { dependencyRange, hasDependency, type Project } from '../../detect/project.js';
import { findSetupFile, resolveSourceFile } from '../../detect/entry.js';
import { parseSourceFile } from '../../edit/js/setup-source.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { findFastifyApp } from './recognise.js';
import {
  FASTIFY_ORDERING,
  FASTIFY_REQUIREMENTS,
  FASTIFY_SESSION_PACKAGE,
  FASTIFY_STEP_KINDS,
  FASTIFY_TRUST_PROXY,
} from './rules.js';
import { recognisePluginsDir } from './plugins-dir.js';

/**
 * The file a `fastify start [options] <file>` script loads: fastify-cli registers its
 * export as the app's root plugin, so it is the setup file even when it neither imports
 * fastify nor uses @fastify/autoload (`module.exports = async function (fastify, opts)`).
 */
function fastifyCliEntry(project: Project): { file: string; reasons: string[] } | null {
  for (const [name, script] of Object.entries(project.packageJson?.scripts ?? {})) {
    const args = /\bfastify\s+start\b(.*)/.exec(script)?.[1] ?? '';
    for (const word of args.split(/\s+/)) {
      if (!/^[\w./-]+\.[cm]?[jt]s$/.test(word)) continue;
      const file = resolveSourceFile(project.files, word);
      if (file) return { file, reasons: [`${file}: loaded by \`fastify start\` (script "${name}")`] };
    }
  }
  return null;
}

/** Connect stores through @fastify/session's connect-store factory, in templates/fastify/session.js (and plugin.js for autoload apps). */
export const FASTIFY_INTEGRATION = { style: 'connect-store', templates: 'fastify' } as const;

const CREATES_APP = /\b(?:[Ff]astify|require\(\s*['"]fastify['"]\s*\))\s*\(/;
const IMPORTS_FASTIFY = /['"]fastify['"]/;
const USES_AUTOLOAD = /['"]@fastify\/autoload['"]/;

export const fastify: FrameworkModule = {
  id: 'fastify',
  name: 'Fastify',
  ecosystem: 'node',
  integration: FASTIFY_INTEGRATION,
  stores: STORE_IDS,
  stepKinds: FASTIFY_STEP_KINDS,
  fixesOrder: true,
  ordering: FASTIFY_ORDERING,
  requirements: FASTIFY_REQUIREMENTS,
  sessionPackages: [FASTIFY_SESSION_PACKAGE],
  trustProxy: FASTIFY_TRUST_PROXY,

  detect(project: Project): FrameworkDetection | null {
    if (!hasDependency(project.packageJson, 'fastify')) return null;
    // The file creating the app; failing that, one that uses an app it gets from elsewhere, so `add` can say what it cannot follow.
    const entry =
      findSetupFile(
        project.files,
        project.packageJson,
        (text) => (IMPORTS_FASTIFY.test(text) && CREATES_APP.test(text)) || USES_AUTOLOAD.test(text),
      ) ??
      findSetupFile(
        project.files,
        project.packageJson,
        (text) => IMPORTS_FASTIFY.test(text) && /\.(?:listen|register)\s*\(/.test(text),
      ) ??
      fastifyCliEntry(project);
    return {
      setupFile: entry?.file ?? null,
      version: dependencyRange(project.packageJson, 'fastify') ?? undefined,
      reasons: [
        'package.json depends on fastify',
        ...(entry?.reasons ?? ['no file calling fastify() or registering @fastify/autoload found']),
      ],
      facts: {
        '@fastify/session': hasDependency(project.packageJson, '@fastify/session'),
        '@fastify/autoload': hasDependency(project.packageJson, '@fastify/autoload'),
      },
    };
  },

  async plan(ctx: PlanContext): Promise<void> {
    const { planFastify } = await import('./add.js');
    await planFastify(ctx);
  },

  async recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]> {
    if (!detection.setupFile) return [];
    const source = await parseSourceFile(project, detection.setupFile);
    const app = findFastifyApp(source.ast, source.text, source.file, source.readModule, source.sessionUseOf);
    if (!app) return [];
    // Plugin files hold the registrations; each runs where @fastify/autoload loads its folder,
    // so a session in a folder loaded after the routes' folder is out of order.
    const loaded: SessionStep[] = [];
    for (const step of app.steps) {
      if (!step.autoloadDir) continue;
      const dir = path.posix.join(path.posix.dirname(detection.setupFile), step.autoloadDir);
      const loadedAt = { file: detection.setupFile, offset: step.callStart };
      for (const found of await recognisePluginsDir(project, dir)) loaded.push({ ...found, loadedAt });
    }
    return [...app.steps, ...loaded];
  },
};

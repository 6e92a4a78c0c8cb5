/**
 * Hono 4: @hono/session with a generated storage adapter (the library's storage
 * interface has no expiry and its writes are not awaited; the generated module
 * handles both). The app file gains one import and `app.use(sessionStorage, sessionMiddleware)`.
 * The `add` code (add.ts) loads on first use: `check` needs only the data,
 * detect and recognise.
 */
import { dependencyRange, hasDependency, type Project } from '../../detect/project.js';
import { findSetupFile, relativeModuleReader } from '../../detect/entry.js';
import { stepsInSetupFile } from '../../edit/js/setup-source.js';
import { STORE_IDS } from '../../stores/types.js';
import type { FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { findHonoApp, returnsNewHono } from './recognise.js';
import { HONO_ORDERING, HONO_STEP_KINDS } from './rules.js';
import { detectHonoRuntime } from './runtime.js';
import { escapeIdentifier } from '../../edit/regex.js';

const CREATES_APP = /\bnew\s+(?:OpenAPI)?Hono\b/;
const IMPORTED = /import\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** `const app = createApp()` where createApp, imported from the app's own module, returns `new Hono()`. */
function callsHonoFactory(project: Project, text: string, file: string): boolean {
  const read = relativeModuleReader(project, file);
  for (const match of text.matchAll(IMPORTED)) {
    const names = [
      ...(match[2] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)),
      ...(match[1] ? [['default', match[1]]] : []),
    ];
    for (const [imported, local = imported] of names) {
      if (!local || !new RegExp(`=\\s*(?:await\\s+)?${escapeIdentifier(local)}\\s*\\(`).test(text)) continue;
      const source = read(match[3]);
      if (source !== null && returnsNewHono(source, imported)) return true;
    }
  }
  return false;
}

/** Stores as generated adapters, wrapped for @hono/session by templates/hono/session.js. */
export const HONO_INTEGRATION = { style: 'generated-adapter', templates: 'hono' } as const;

export const hono: FrameworkModule = {
  id: 'hono',
  name: 'Hono',
  ecosystem: 'node',
  integration: HONO_INTEGRATION,
  stores: STORE_IDS,
  stepKinds: HONO_STEP_KINDS,
  ordering: HONO_ORDERING,
  sessionPackages: [{ name: '@hono/session', defaultStore: 'cookie' }],

  detect(project: Project): FrameworkDetection | null {
    if (!hasDependency(project.packageJson, 'hono')) return null;
    const entry = findSetupFile(
      project.files,
      project.packageJson,
      (text, file) =>
        (CREATES_APP.test(text) && /['"](?:hono(?:\/tiny|\/quick)?|@hono\/zod-openapi)['"]/.test(text)) ||
        callsHonoFactory(project, text, file),
    );
    const runtime = detectHonoRuntime(project, entry?.file ?? null);
    return {
      setupFile: entry?.file ?? null,
      version: dependencyRange(project.packageJson, 'hono') ?? undefined,
      reasons: [
        'package.json depends on hono',
        ...(entry?.reasons ?? ['no file calling new Hono() found']),
        `runtime: ${runtime.runtime ?? 'unknown'} (${runtime.reason})`,
      ],
      facts: { '@hono/session': hasDependency(project.packageJson, '@hono/session'), runtime: runtime.runtime },
    };
  },

  async plan(ctx: PlanContext): Promise<void> {
    const { planHono } = await import('./add.js');
    await planHono(ctx, this.stores);
  },

  async recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]> {
    return stepsInSetupFile(
      project,
      detection.setupFile,
      (s) => findHonoApp(s.ast, s.text, s.file, s.readModule, s.sessionUseOf)?.steps,
    );
  },
};

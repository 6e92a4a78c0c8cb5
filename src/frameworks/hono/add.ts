/**
 * `session-kit add` for Hono: the app file gains one import and
 * `app.use(sessionStorage, sessionMiddleware)`; the storage adapter goes in
 * generated modules. Stores the app's runtime cannot load are refused. Loaded
 * only by `plan`, so `check` does not load templates, migrations or JSON editing.
 */
import { UserError } from '../../core/errors.js';
import { insertionWindow, orderingViolations } from '../../core/ordering.js';
import { moduleReaders } from '../../edit/js/setup-source.js';
import type { Project } from '../../detect/project.js';
import { detectStyle } from '../../edit/style.js';
import type { StoreDescriptor, StoreId } from '../../stores/types.js';
import { planPackages } from '../node/dependencies.js';
import { readSetupFile } from '../node/setup-file.js';
import { importsGeneratedModule, sessionExistsError, setupEdit, wrongOrderError } from '../node/existing-session.js';
import { moveStatementAfter } from '../node/insert.js';
import { appNotFoundError, planSessionRegistration } from '../node/registration.js';
import { planAdapterModules } from '../node/session-store.js';
import { planSessionEnv, planStorePackages, storeNextStep } from '../node/store-needs.js';
import type { PlanContext } from '../types.js';
import { HONO_INTEGRATION } from './index.js';
import { findHonoApp, type HonoStep } from './recognise.js';
import { HONO_ORDERING, HONO_STEP_KINDS } from './rules.js';
import { detectHonoRuntime, HONO_RUNTIMES, storesOn } from './runtime.js';
import { selfCommand } from '../../core/self-command.js';

function manualLines(syntax: 'esm' | 'cjs', source: string, appName = 'app'): string {
  const importText =
    syntax === 'esm'
      ? `import { sessionMiddleware, sessionStorage } from '${source}';`
      : `const { sessionMiddleware, sessionStorage } = require('${source}');`;
  return `${importText}\n// right after \`const app = new Hono()\` and logger/cors, before the first route and app.route(...):\n${appName}.use(sessionStorage, sessionMiddleware);`;
}

export const WORKERS_MANUAL = `import { useSession, useSessionStorage } from '@hono/session';

// Workers KV as @hono/session storage (binding SESSIONS in wrangler config); KV expires keys itself.
app.use(
  useSessionStorage((c) => ({
    delete: (sid) => c.executionCtx.waitUntil(c.env.SESSIONS.delete(sid)),
    get: (sid) => c.env.SESSIONS.get(sid, 'json'),
    set: (sid, value) => c.executionCtx.waitUntil(c.env.SESSIONS.put(sid, JSON.stringify(value), { expirationTtl: 60 * 60 * 24 * 7 })),
  })),
);
// Bindings (c.env) exist only per request on Workers: make the session middleware inside a handler.
app.use((c, next) => useSession({ secret: c.env.SESSION_SECRET, duration: { absolute: 60 * 60 * 24 * 7 } })(c, next));`;

/** Refuses stores the app's runtime cannot load, naming the ones it can. */
function checkRuntime(
  project: Project,
  setupFile: string | null,
  store: StoreDescriptor,
  stores: readonly StoreId[],
): void {
  const { runtime, reason } = detectHonoRuntime(project, setupFile);
  if (runtime === null) {
    throw new UserError('Could not tell which runtime serves this Hono app.', {
      hint: 'session-kit sets up Hono on Node (add @hono/node-server), Bun or Deno. Run it with --framework hono after adding the server adapter.',
      code: 'unsupported-runtime',
    });
  }
  const why = HONO_RUNTIMES[runtime].cannot[store.id];
  if (!why) return;
  const can = storesOn(runtime, [...stores]);
  throw new UserError(`The ${store.label} store cannot run on ${HONO_RUNTIMES[runtime].label} (${reason}): ${why}.`, {
    hint: can.length
      ? `Stores that can: ${can.join(', ')} (${selfCommand(`add --store ${can[0]}`)}).`
      : `None of session-kit's store adapters runs on ${HONO_RUNTIMES[runtime].label}; keep sessions in Workers KV by hand.`,
    manual: can.length ? undefined : WORKERS_MANUAL,
    code: 'unsupported-store',
  });
}

/** `stores`: the stores the Hono integration supports (its module's `stores`). */
export async function planHono(
  { project, detection, builder, options }: PlanContext,
  stores: readonly StoreId[],
): Promise<void> {
  checkRuntime(project, detection.setupFile, options.store, stores);
  const setup = await readSetupFile(project, detection, {
    creates: 'the Hono app (`new Hono()`)',
    manualLines,
    defaultSyntax: 'esm',
  });
  const { file, text, ast, syntax, target } = setup;
  const importSource = target.importSource;
  const readers = moduleReaders(project, file);
  const app = findHonoApp(ast, text, file, readers.readModule, readers.sessionUseOf);
  if (!app) throw appNotFoundError(setup, 'hono', 'const app = new Hono()', manualLines, 'new\\s+(?:OpenAPI)?Hono\\b');

  const existing = app.steps.find((s) => s.kind === 'session' || s.kind === 'session-storage');
  let moved = false;
  if (existing) {
    const ownSteps = app.steps.filter((s) => s.kind === 'session' || s.kind === 'session-storage');
    const violations = orderingViolations(app.steps, HONO_ORDERING).filter((v) =>
      ownSteps.includes(v.step as HonoStep),
    );
    // --fix-order moves one statement holding storage then session (in that order) above the routes.
    const statement = ownSteps[0].statementStart;
    const movable =
      ownSteps.every((s) => s.statementStart === statement) &&
      violations.every((v) => v.relation === 'before' && !ownSteps.includes(v.other as HonoStep));
    if (violations.length && !(options.fixOrder && movable))
      throw wrongOrderError(violations[0], HONO_STEP_KINDS, movable);
    if (violations.length) {
      const rest = app.steps.filter((s) => !ownSteps.includes(s));
      const window = insertionWindow('session', rest, HONO_ORDERING);
      const anchor = (window?.after ?? app.steps[0]) as HonoStep;
      builder.edit(
        file,
        moveStatementAfter(
          text,
          { start: statement, end: ownSteps[0].end },
          { start: anchor.statementStart, end: anchor.end },
        ),
        `moves the session middleware after ${HONO_STEP_KINDS[anchor.kind]} (--fix-order)`,
      );
      moved = true;
    }
    if (!importsGeneratedModule(ast, importSource)) {
      if (moved) return;
      throw sessionExistsError(file, existing);
    }
  }

  const style = detectStyle(text);
  const modules = planAdapterModules(
    builder,
    project.files,
    HONO_INTEGRATION.templates,
    file,
    syntax,
    style,
    options.store,
    options.storeContext,
  );
  if (!existing)
    planSessionRegistration(
      setupEdit(builder, setup, { rules: HONO_ORDERING, labels: HONO_STEP_KINDS, fixOrder: options.fixOrder }),
      {
        style,
        syntax,
        app,
        source: modules.session.importSource,
        named: ['sessionMiddleware', 'sessionStorage'],
        lines: [`${app.appName}.use(sessionStorage, sessionMiddleware);`],
        manual: manualLines(syntax, importSource, app.appName),
      },
    );

  planPackages(builder, project, [{ name: '@hono/session', version: '^0.2.1' }], 'the session middleware');
  planStorePackages(builder, project, options.store, 'generated-adapter', options.storeContext);
  planSessionEnv(builder, project, options.store, 'generated-adapter', options.storeContext);

  builder.next(
    'The session cookie is Secure unless NODE_ENV is development or test: set NODE_ENV=development for local work over plain HTTP.',
  );
  storeNextStep(builder, options.store);
  builder.next(
    `Use sessions in handlers: \`await c.var.session.update({ userId })\`, \`await c.var.session.get()\`; log out with \`c.var.session.delete()\`. Session code lives in ${modules.session.path} and ${modules.store.path}.`,
  );
}

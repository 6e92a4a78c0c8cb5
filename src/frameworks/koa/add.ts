/**
 * `session-kit add` for Koa: the app file gains one import, `app.keys = sessionKeys`
 * when it has no keys, and `app.use(sessionMiddleware(app))`; koa-session's store
 * adapter goes in generated modules. Loaded only by `plan`, so `check` does not
 * load templates, migrations or JSON editing.
 */
import { UserError } from '../../core/errors.js';
import { requirementFindings } from '../../core/ordering.js';
import { moduleReaders } from '../../edit/js/setup-source.js';
import { detectStyle } from '../../edit/style.js';
import { planPackages } from '../node/dependencies.js';
import { generatedModuleFor, isGenerated } from '../node/generated-module.js';
import { readSetupFile } from '../node/setup-file.js';
import { planExistingMiddleware, setupEdit } from '../node/existing-session.js';
import { appNotFoundError, planSessionRegistration } from '../node/registration.js';
import { planAdapterModules } from '../node/session-store.js';
import { planSessionEnv, planStorePackages, storeNextStep } from '../node/store-needs.js';
import type { PlanContext } from '../types.js';
import { KOA_INTEGRATION, keysSetElsewhere } from './index.js';
import { findKoaApp } from './recognise.js';
import { KOA_ORDERING, KOA_REQUIREMENTS, KOA_STEP_KINDS } from './rules.js';

function manualLines(syntax: 'esm' | 'cjs', source: string, appName = 'app'): string {
  const importText =
    syntax === 'esm'
      ? `import { sessionKeys, sessionMiddleware } from '${source}';`
      : `const { sessionKeys, sessionMiddleware } = require('${source}');`;
  return `${importText}\n// right after \`const app = new Koa()\` and the body parser, before any router:\n${appName}.keys = sessionKeys;\n${appName}.use(sessionMiddleware(${appName}));`;
}

export async function planKoa({ project, detection, builder, options }: PlanContext): Promise<void> {
  const setup = await readSetupFile(project, detection, {
    creates: 'the Koa app (`new Koa()`)',
    manualLines,
  });
  const { file, text, ast, syntax, target } = setup;
  const importSource = target.importSource;
  const readers = moduleReaders(project, file);
  const app = findKoaApp(ast, text, file, readers.readModule, readers.sessionUseOf);
  if (!app) throw appNotFoundError(setup, 'koa', 'const app = new Koa()', manualLines, 'new\\s+Koa\\b');

  const edit = setupEdit(builder, setup, { rules: KOA_ORDERING, labels: KOA_STEP_KINDS, fixOrder: options.fixOrder });
  const existing = app.steps.find((s) => s.kind === 'session');
  if (existing) {
    if (planExistingMiddleware({ ...edit, steps: app.steps, existing }) === 'moved') return;
    const missing = requirementFindings(app.steps, KOA_REQUIREMENTS)[0];
    if (missing)
      throw new UserError(missing.message, {
        where: { file: missing.file, line: missing.line, column: missing.column },
        hint: missing.fix,
        code: 'missing-keys',
      });
  }

  // An app that sets its own app.keys keeps them: koa-session signs with app.keys, so a
  // SESSION_SECRET beside them would be required at start and never used. On a re-run our
  // module says which it was (`app.keys = sessionKeys` is then a keys step of ours).
  const ours = project.files.read(generatedModuleFor(project.files, file, syntax).path);
  const hasKeys =
    ours !== null && isGenerated(ours)
      ? !/\bsessionKeys\b/.test(ours)
      : app.steps.some((s) => s.kind === 'keys') || keysSetElsewhere(project, file) !== null;
  const style = detectStyle(text);
  const modules = planAdapterModules(
    builder,
    project.files,
    KOA_INTEGRATION.templates,
    file,
    syntax,
    style,
    options.store,
    options.storeContext,
    { generatedKeys: !hasKeys, ownKeys: hasKeys },
  );
  if (!existing) {
    planSessionRegistration(edit, {
      style,
      syntax,
      app,
      source: modules.session.importSource,
      named: hasKeys ? ['sessionMiddleware'] : ['sessionKeys', 'sessionMiddleware'],
      lines: [
        ...(hasKeys ? [] : [`${app.appName}.keys = sessionKeys;`]),
        `${app.appName}.use(sessionMiddleware(${app.appName}));`,
      ],
      manual: manualLines(syntax, importSource, app.appName),
    });
  }

  planPackages(builder, project, [{ name: 'koa-session', version: '^7.0.2' }], 'the session middleware');
  planStorePackages(builder, project, options.store, 'generated-adapter', options.storeContext);
  planSessionEnv(builder, project, options.store, 'generated-adapter', options.storeContext, { secret: !hasKeys });

  if (!app.steps.some((s) => s.kind === 'proxy'))
    builder.next(
      'Behind a TLS-terminating proxy, set `app.proxy = true` so Koa sees HTTPS and marks the session cookie Secure.',
    );
  storeNextStep(builder, options.store);
  builder.next(
    `Use sessions in middleware: \`ctx.session.userId = user.id\`; log out with \`ctx.session = null\`. Session code lives in ${modules.session.path} and ${modules.store.path}.`,
  );
}

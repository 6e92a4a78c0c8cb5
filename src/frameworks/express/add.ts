/**
 * `session-kit add` for Express: the app file gains one import and one
 * `app.use(sessionMiddleware)`; the store wiring goes in a generated module.
 * Loaded only by `plan`, so `check` does not load templates, migrations or JSON editing.
 */
import { moduleReaders } from '../../edit/js/setup-source.js';
import { detectStyle } from '../../edit/style.js';
import { readSetupFile } from '../node/setup-file.js';
import { planExistingMiddleware, refuseStoreSwitch, setupEdit } from '../node/existing-session.js';
import { planExpressSession } from '../node/express-session.js';
import { appNotFoundError, planSessionRegistration } from '../node/registration.js';
import { storeNextStep } from '../node/store-needs.js';
import type { PlanContext } from '../types.js';
import { EXPRESS_INTEGRATION } from './index.js';
import { findExpressApp } from './recognise.js';
import { EXPRESS_ORDERING, EXPRESS_STEP_KINDS } from './rules.js';

const MIDDLEWARE_NAME = 'sessionMiddleware';

function manualLines(syntax: 'esm' | 'cjs', source: string, appName = 'app'): string {
  const importText =
    syntax === 'esm'
      ? `import { ${MIDDLEWARE_NAME} } from '${source}';`
      : `const { ${MIDDLEWARE_NAME} } = require('${source}');`;
  return `${importText}\n// right after \`const app = express()\` and the body parsers, before any router, route or passport:\n${appName}.use(${MIDDLEWARE_NAME});`;
}

export async function planExpress({ project, detection, builder, options }: PlanContext): Promise<void> {
  const setup = await readSetupFile(project, detection, {
    creates: 'the Express app (`express()`)',
    manualLines,
  });
  const { file, text, ast, syntax, target } = setup;
  const importSource = target.importSource;
  const readers = moduleReaders(project, file);
  const app = findExpressApp(ast, text, file, readers.readModule, readers.sessionUseOf);
  if (!app) throw appNotFoundError(setup, 'express', 'const app = express()', manualLines, 'express\\s*\\(');

  const edit = setupEdit(builder, setup, {
    rules: EXPRESS_ORDERING,
    labels: EXPRESS_STEP_KINDS,
    fixOrder: options.fixOrder,
  });
  const existing = app.steps.find((s) => s.kind === 'session');
  if (existing && planExistingMiddleware({ ...edit, steps: app.steps, existing }) === 'moved') return;
  refuseStoreSwitch(project.files, target.path, options.store);

  const style = detectStyle(text);
  if (!existing)
    planSessionRegistration(edit, {
      style,
      syntax,
      app,
      source: importSource,
      named: [MIDDLEWARE_NAME],
      lines: [`${app.appName}.use(${MIDDLEWARE_NAME});`],
      manual: manualLines(syntax, importSource, app.appName),
      afterCreationWithoutWindow: true,
    });
  planExpressSession(builder, project, options, EXPRESS_INTEGRATION.templates, target, style);

  builder.next("Behind a TLS-terminating proxy, add `app.set('trust proxy', 1)` so secure cookies are sent.");
  storeNextStep(builder, options.store);
  builder.next(
    `Use sessions in handlers: \`req.session.userId = user.id\`; log out with \`req.session.destroy()\`. Session code lives in ${target.path}.`,
  );
}

/**
 * `session-kit add` for Express: the app file gains one import and one
 * `app.use(sessionMiddleware)`; the store wiring goes in a generated module.
 * Loaded only by `plan`, so `check` does not load templates, migrations or JSON editing.
 */
import { UserError } from '../../core/errors.js';
import { planEnvFiles } from '../../core/env-files.js';
import { insertionWindow, orderingViolations, violationToFinding } from '../../core/ordering.js';
import { relativeModuleReader } from '../../detect/entry.js';
import { bindingFor, moduleBindings } from '../../edit/js/modules.js';
import { detectStyle, inFileStyle } from '../../edit/style.js';
import { connectSessionModule } from '../connect/session-module.js';
import { planPackages } from '../node/dependencies.js';
import { dotEnvNextStep, loadsDotEnv } from '../node/env-loading.js';
import { readSetupFile } from '../node/setup-file.js';
import { generatedStore, isGenerated } from '../node/generated-module.js';
import { importSplice, linesAfterStatement, moveStatementAfter } from '../node/insert.js';
import { sessionEnvVars } from '../node/session-env.js';
import type { PlanContext } from '../types.js';
import { findExpressApp } from './recognise.js';
import { EXPRESS_ORDERING, EXPRESS_STEP_KINDS } from './rules.js';

const MIDDLEWARE_NAME = 'sessionMiddleware';

function manualLines(syntax: 'esm' | 'cjs', source: string): string {
  const importText = syntax === 'esm' ? `import { ${MIDDLEWARE_NAME} } from '${source}';` : `const { ${MIDDLEWARE_NAME} } = require('${source}');`;
  return `${importText}\n// right after \`const app = express()\` and the body parsers, before any router, route or passport:\napp.use(${MIDDLEWARE_NAME});`;
}

export async function planExpress({ project, detection, builder, options }: PlanContext): Promise<void> {
  const { file, text, ast, syntax, target } = await readSetupFile(project, detection, { creates: 'the Express app (`express()`)', manualLines });
  const importSource = target.importSource;
  const app = findExpressApp(ast, text, file, relativeModuleReader(project, file));
  if (!app) {
    throw new UserError(`${file} imports express but no \`const app = express()\` was found that session-kit can follow.`, {
      where: { file },
      hint: 'Add the lines by hand where the app is created, then run session-kit add again to write the rest.',
      manual: manualLines(syntax, importSource),
      code: 'app-not-found',
    });
  }

  const existing = app.steps.find((s) => s.kind === 'session');
  const moduleText = project.files.read(target.path);
  if (existing) {
    const violations = orderingViolations(app.steps, EXPRESS_ORDERING).filter((v) => v.step === existing);
    if (violations.length && !options.fixOrder) {
      const finding = violationToFinding(violations[0], EXPRESS_STEP_KINDS);
      throw new UserError(finding.message, { where: { file: finding.file, line: finding.line, column: finding.column }, hint: `${finding.fix} Or re-run with --fix-order to let session-kit move it.`, code: 'wrong-order' });
    }
    if (violations.length) {
      const window = insertionWindow('session', app.steps.filter((s) => s !== existing), EXPRESS_ORDERING);
      const anchor = window?.after ?? app.steps[0];
      builder.edit(file, moveStatementAfter(text, existing, anchor), `moves the session middleware after ${EXPRESS_STEP_KINDS[anchor.kind]} (--fix-order)`);
    }
    const ours = bindingFor(moduleBindings(ast), (s) => s === importSource || s === importSource.replace(/\.[cm]?js$/, ''));
    if (!ours) {
      if (violations.length) return;
      throw new UserError(`${file} already registers a session middleware; session-kit does not add a second one.`, {
        where: { file, line: existing.line, column: existing.column },
        hint: 'Run `session-kit check` to verify its order and options.',
        code: 'session-exists',
      });
    }
  }
  const previousStore = generatedStore(moduleText);
  if (moduleText !== null && isGenerated(moduleText) && previousStore && previousStore !== options.store.id) {
    throw new UserError(`Sessions are already set up with the ${previousStore} store (${target.path}).`, {
      where: { file: target.path, line: 1 },
      hint: `Run \`session-kit remove\` first to switch to ${options.store.id}.`,
      code: 'store-mismatch',
    });
  }

  const style = detectStyle(text);
  if (!existing) {
    const window = insertionWindow('session', app.steps, EXPRESS_ORDERING);
    const anchor = window?.after ?? app.steps[0];
    builder.edit(file, [importSplice(ast, text, style, syntax, importSource, { named: [MIDDLEWARE_NAME] })], 'imports the session middleware');
    builder.edit(file, [linesAfterStatement(text, anchor.start, anchor.end, [`${app.appName}.use(${MIDDLEWARE_NAME});`], style)], `registers the session after ${EXPRESS_STEP_KINDS[anchor.kind]}`);
  }
  builder.create(target.path, inFileStyle(connectSessionModule(options.store, target, options.storeContext), style), `session middleware with the ${options.store.label} store`);

  planPackages(builder, project, [{ name: 'express-session', version: '^1.18.1' }, { name: '@types/express-session', version: '^1.18.1', dev: true, typesOnly: true }], 'the session middleware');
  planPackages(builder, project, options.store.packages.connect ?? [], `the ${options.store.label} session store`);
  planEnvFiles(builder, project.files, sessionEnvVars(options.store), options.store.id === 'sqlite' ? ['*.sqlite'] : []);

  if (!loadsDotEnv(project, text)) builder.next(dotEnvNextStep(project, file));
  builder.next("Behind a TLS-terminating proxy, add `app.set('trust proxy', 1)` so secure cookies are sent.");
  if (options.store.id === 'memory') builder.next('The memory store keeps sessions in this process only: use a persistent store (postgres, mysql, redis, sqlite) in production.');
  builder.next(`Use sessions in handlers: \`req.session.userId = user.id\`; log out with \`req.session.destroy()\`. Session code lives in ${target.path}.`);
}

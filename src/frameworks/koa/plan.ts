/**
 * `session-kit add` for Koa: the app file gains one import, `app.keys = sessionKeys`
 * when it has no keys, and `app.use(sessionMiddleware(app))`; koa-session's store
 * adapter goes in generated modules. Loaded only by `plan`, so `check` does not
 * load templates, migrations or JSON editing.
 */
import { UserError } from '../../core/errors.js';
import { planEnvFiles } from '../../core/env-files.js';
import { insertionWindow, orderingViolations, requirementFindings, violationToFinding } from '../../core/ordering.js';
import { relativeModuleReader } from '../../detect/entry.js';
import { bindingFor, moduleBindings } from '../../edit/js/modules.js';
import { detectStyle } from '../../edit/style.js';
import { planPackages } from '../node/dependencies.js';
import { dotEnvNextStep, loadsDotEnv } from '../node/env-loading.js';
import { readSetupFile } from '../node/setup-file.js';
import { importSplice, linesAfterStatement, moveStatementAfter } from '../node/insert.js';
import { sessionEnvVars } from '../node/session-env.js';
import { adapterPackages, planAdapterModules } from '../node/session-store.js';
import type { PlanContext } from '../types.js';
import { findKoaApp } from './recognise.js';
import { KOA_ORDERING, KOA_REQUIREMENTS, KOA_STEP_KINDS } from './rules.js';

function manualLines(syntax: 'esm' | 'cjs', source: string): string {
  const importText = syntax === 'esm' ? `import { sessionKeys, sessionMiddleware } from '${source}';` : `const { sessionKeys, sessionMiddleware } = require('${source}');`;
  return `${importText}\n// right after \`const app = new Koa()\` and the body parser, before any router:\napp.keys = sessionKeys;\napp.use(sessionMiddleware(app));`;
}

export async function planKoa({ project, detection, builder, options }: PlanContext): Promise<void> {
  const { file, text, ast, syntax, target } = await readSetupFile(project, detection, { creates: 'the Koa app (`new Koa()`)', manualLines });
  const importSource = target.importSource;
  const app = findKoaApp(ast, text, file, relativeModuleReader(project, file));
  if (!app) {
    throw new UserError(`${file} imports koa but no \`const app = new Koa()\` was found that session-kit can follow.`, {
      where: { file },
      hint: 'Add the lines by hand where the app is created, then run session-kit add again to write the rest.',
      manual: manualLines(syntax, importSource),
      code: 'app-not-found',
    });
  }

  const existing = app.steps.find((s) => s.kind === 'session');
  let moved = false;
  if (existing) {
    const violations = orderingViolations(app.steps, KOA_ORDERING).filter((v) => v.step === existing);
    if (violations.length && !options.fixOrder) {
      const finding = violationToFinding(violations[0], KOA_STEP_KINDS);
      throw new UserError(finding.message, { where: { file: finding.file, line: finding.line, column: finding.column }, hint: `${finding.fix} Or re-run with --fix-order to let session-kit move it.`, code: 'wrong-order' });
    }
    if (violations.length) {
      const window = insertionWindow('session', app.steps.filter((s) => s !== existing), KOA_ORDERING);
      const anchor = window?.after ?? app.steps[0];
      builder.edit(file, moveStatementAfter(text, existing, anchor), `moves the session middleware after ${KOA_STEP_KINDS[anchor.kind]} (--fix-order)`);
      moved = true;
    }
    const ours = bindingFor(moduleBindings(ast), (s) => s === importSource || s === importSource.replace(/\.[cm]?js$/, ''));
    if (!ours) {
      if (moved) return;
      throw new UserError(`${file} already registers a session middleware; session-kit does not add a second one.`, {
        where: { file, line: existing.line, column: existing.column },
        hint: 'Run `session-kit check` to verify its order and options.',
        code: 'session-exists',
      });
    }
    const missing = requirementFindings(app.steps, KOA_REQUIREMENTS)[0];
    if (missing) throw new UserError(missing.message, { where: { file: missing.file, line: missing.line, column: missing.column }, hint: missing.fix, code: 'missing-keys' });
  }

  const style = detectStyle(text);
  const shared = options.storeContext?.client ?? null;
  const modules = planAdapterModules(builder, project.files, 'koa', file, syntax, style, options.store, options.storeContext);
  if (!existing) {
    const window = insertionWindow('session', app.steps, KOA_ORDERING);
    if (!window) throw new UserError(`${file}: the existing middleware order leaves no place for the session.`, { where: { file }, manual: manualLines(syntax, importSource), code: 'wrong-order' });
    const anchor = window.after ?? app.steps[0];
    const hasKeys = app.steps.some((s) => s.kind === 'keys');
    const names = hasKeys ? ['sessionMiddleware'] : ['sessionKeys', 'sessionMiddleware'];
    const lines = [...(hasKeys ? [] : [`${app.appName}.keys = sessionKeys;`]), `${app.appName}.use(sessionMiddleware(${app.appName}));`];
    builder.edit(file, [importSplice(ast, text, style, syntax, modules.session.importSource, { named: names })], 'imports the session middleware');
    const before = window.before ? ` before ${KOA_STEP_KINDS[window.before.kind]} (line ${window.before.line})` : '';
    builder.edit(file, [linesAfterStatement(text, anchor.start, anchor.end, lines, style)], `registers the session after ${KOA_STEP_KINDS[anchor.kind]}${before}`);
  }

  planPackages(builder, project, [{ name: 'koa-session', version: '^7.0.2' }], 'the session middleware');
  if (!shared) planPackages(builder, project, adapterPackages(options.store), `the ${options.store.label} session store`);
  planEnvFiles(builder, project.files, sessionEnvVars(options.store).filter((v) => !shared || v.key === 'SESSION_SECRET'), options.store.id === 'sqlite' && !shared ? ['*.sqlite', '*.sqlite-wal', '*.sqlite-shm'] : []);

  if (!loadsDotEnv(project, text)) builder.next(dotEnvNextStep(project, file));
  if (!app.steps.some((s) => s.kind === 'proxy')) builder.next('Behind a TLS-terminating proxy, set `app.proxy = true` so Koa sees HTTPS and marks the session cookie Secure.');
  if (options.store.id === 'memory') builder.next('The memory store keeps sessions in this process only: use a persistent store (postgres, mysql, redis, sqlite) in production.');
  builder.next(`Use sessions in middleware: \`ctx.session.userId = user.id\`; log out with \`ctx.session = null\`. Session code lives in ${modules.session.path} and ${modules.store.path}.`);
}

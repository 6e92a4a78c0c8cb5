/**
 * `session-kit add` for NestJS: main.ts gains the session between
 * `NestFactory.create` and `app.init()`/`app.listen()`, with the Express store
 * wiring (connect session module) or, on the Fastify adapter, Fastify's
 * registrations. Loaded only by `plan`, so `check` does not load templates,
 * migrations or JSON editing.
 */
import { followAliases } from '../../detect/import-aliases.js';
import { UserError } from '../../core/errors.js';
import { insertionWindow, orderingViolations } from '../../core/ordering.js';
import type { PlanBuilder } from '../../core/plan.js';
import type { Project } from '../../detect/project.js';
import type { StoreDescriptor } from '../../stores/types.js';
import { relativeModuleReader } from '../../detect/entry.js';
import { declaredNames } from '../../edit/js/declarations.js';
import { parseJs } from '../../edit/js/parse.js';
import { moduleSessionUse } from '../../edit/js/session-use.js';
import { detectStyle, type CodeStyle } from '../../edit/style.js';
import { planFastifySession, registrationAwait } from '../fastify/add.js';
import { manualRegistration, planFastifyRegistration } from '../fastify/registration.js';
import { unfollowedApp } from '../fastify/recognise.js';
import { planExpressSession } from '../node/express-session.js';
import { generatedModuleFor, type GeneratedModule } from '../node/generated-module.js';
import { importSplice, linesAfterStatement, linesBeforeStatement } from '../node/insert.js';
import {
  importsGeneratedModule,
  refuseStoreSwitch,
  sessionExistsError,
  wrongOrderError,
} from '../node/existing-session.js';
import { freeLocal, importedAs } from '../node/registration.js';
import { reorderSplices } from '../node/reorder.js';
import { storeNextStep } from '../node/store-needs.js';
import { needsNamespaceImports, requireKnownCompilerOptions } from '../node/ts-interop.js';
import type { PlanContext } from '../types.js';
import { adapterFromPackage } from './adapter.js';
import { NEST_INTEGRATION } from './index.js';
import { extensionlessImports, findNestApp, type NestAdapter, type NestApp } from './recognise.js';
import { NEST_ORDERING, NEST_STEP_KINDS } from './rules.js';

const MIDDLEWARE_NAME = 'sessionMiddleware';

function manualExpress(importSource: string, appName = 'app'): string {
  return `import { ${MIDDLEWARE_NAME} } from '${importSource}';\n// in bootstrap(), after \`const ${appName} = await NestFactory.create(...)\` and before app.init()/app.listen():\n${appName}.use(${MIDDLEWARE_NAME});`;
}

/** Nest's CommonJS projects import relative files without an extension: follow the file. */
function moduleTarget(
  project: Project,
  file: string,
  ast: Parameters<typeof extensionlessImports>[0],
): GeneratedModule {
  const target = generatedModuleFor(project.files, file, 'esm');
  return extensionlessImports(ast)
    ? { ...target, importSource: target.importSource.replace(/\.[cm]?js$/, '') }
    : target;
}

function nextSteps(builder: PlanBuilder, adapter: NestAdapter, store: StoreDescriptor, modulePath: string): void {
  builder.next(
    adapter === 'fastify'
      ? 'Behind a TLS-terminating proxy, create the adapter with `new FastifyAdapter({ trustProxy: true })` so secure cookies are sent.'
      : "Behind a TLS-terminating proxy, add `app.set('trust proxy', 1)` (NestExpressApplication) so secure cookies are sent.",
  );
  storeNextStep(builder, store);
  builder.next(
    adapter === 'fastify'
      ? `Use sessions in controllers: \`@Session() session: FastifyRequest['session']\`, then \`session.set('userId', user.id)\` / \`session.get('userId')\`. Session code lives in ${modulePath}.`
      : `Use sessions in controllers: \`@Session() session: Record<string, unknown>\` or \`@Req() req: Request\` with \`req.session\`. Session code lives in ${modulePath}.`,
  );
}

/** The setup file and what planNest found in it, for either adapter. */
interface NestSetup {
  file: string;
  text: string;
  ast: Parameters<typeof extensionlessImports>[0];
  app: NestApp;
  style: CodeStyle;
  target: GeneratedModule;
  namespace: boolean;
}

function planExpressAdapter(ctx: PlanContext, { file, text, ast, app, style, target, namespace }: NestSetup): void {
  const { project, builder, options } = ctx;
  const existing = app.steps.find((s) => s.kind === 'session');
  if (existing) {
    const violations = orderingViolations(app.steps, NEST_ORDERING);
    // Steps of methods run where the methods are called: moving one statement cannot be trusted to reorder them.
    const inMethods = violations.some((v) => v.step.loadedAt || v.other.loadedAt);
    if (violations.length && (!options.fixOrder || inMethods))
      throw wrongOrderError(violations[0], NEST_STEP_KINDS, !inMethods);
    if (violations.length) {
      const splices = reorderSplices(text, violations);
      if (!splices)
        throw new UserError('The session registration is out of order and session-kit cannot move it by itself.', {
          where: { file, line: existing.line },
          hint: NEST_ORDERING[0].fix,
          code: 'wrong-order',
        });
      builder.edit(file, splices, 'moves the session registration before app.init()/app.listen() (--fix-order)');
    }
    if (!importsGeneratedModule(ast, target.importSource)) {
      if (violations.length) return;
      throw sessionExistsError(file, existing);
    }
  } else {
    const window = insertionWindow('session', app.steps, NEST_ORDERING);
    // A `sessionMiddleware` the file declares itself is aliased around (`as sessionKitMiddleware`).
    const local = freeLocal(declaredNames(ast), MIDDLEWARE_NAME);
    const line = `${app.appName}.use(${local});`;
    builder.edit(
      file,
      [importSplice(ast, text, style, 'esm', target.importSource, { named: [importedAs(MIDDLEWARE_NAME, local)] })],
      local === MIDDLEWARE_NAME
        ? 'imports the session middleware'
        : `imports the session middleware as ${local}, since the file already declares ${MIDDLEWARE_NAME}`,
    );
    if (window?.after)
      builder.edit(
        file,
        [linesAfterStatement(text, window.after.start, window.after.end, [line], style)],
        `registers the session after ${NEST_STEP_KINDS[window.after.kind]}`,
      );
    else if (window?.before)
      builder.edit(
        file,
        [linesBeforeStatement(text, window.before.start, [line], style)],
        `registers the session before ${NEST_STEP_KINDS[window.before.kind]}`,
      );
    else
      throw new UserError(`No place found in ${file} to register the session.`, {
        where: { file },
        manual: manualExpress(target.importSource, app.appName),
        code: 'app-not-found',
      });
  }
  planExpressSession(builder, project, options, NEST_INTEGRATION.templates, target, style, namespace);
  nextSteps(builder, 'express', options.store, target.path);
}

function planFastifyAdapter(ctx: PlanContext, { file, text, ast, app, style, target, namespace }: NestSetup): void {
  const { project, builder, options } = ctx;
  const result = planFastifyRegistration(builder, {
    file,
    text,
    ast,
    style,
    syntax: 'esm',
    appName: app.appName,
    steps: app.steps,
    useAwait: registrationAwait(app.steps, app.asyncFunction),
    namespaceImports: namespace,
    rules: NEST_ORDERING,
    labels: NEST_STEP_KINDS,
    fixOrder: options.fixOrder,
    importSource: target.importSource,
    appLabel: 'the Nest app',
  });
  if (result.foreignSession) return;
  planFastifySession(builder, project, options, target, style, namespace);
  nextSteps(builder, 'fastify', options.store, target.path);
}

/** The lines to add by hand right after the statement that makes the app (`const app = await NestCloud.create(...)`). */
function manualAfter(
  project: Project,
  namespace: boolean,
  importSource: string,
  made: { appName: string; factory: string; file: string; line: number },
): string {
  const where = `// right after the line that makes \`${made.appName}\` (${made.file}:${made.line}), before ${made.appName}.init()/${made.appName}.listen():`;
  if (adapterFromPackage(project) === 'fastify') {
    const lines = manualRegistration({
      syntax: 'esm',
      appName: made.appName,
      importSource,
      useAwait: true,
      namespaceImports: namespace,
    }).split('\n');
    return lines.map((l) => (l.startsWith('//') ? where : l)).join('\n');
  }
  return `import { ${MIDDLEWARE_NAME} } from '${importSource}';\n${where}\n${made.appName}.use(${MIDDLEWARE_NAME});`;
}

export async function planNest(ctx: PlanContext): Promise<void> {
  const { project, detection } = ctx;
  const file = detection.setupFile;
  requireKnownCompilerOptions(project);
  const namespace = needsNamespaceImports(project);
  // Lines to add by hand before the app is known: the adapter the package.json names, the usual module name.
  const manual = () =>
    adapterFromPackage(project) === 'fastify'
      ? manualRegistration({
          syntax: 'esm',
          appName: 'app',
          importSource: './session',
          useAwait: true,
          namespaceImports: namespace,
        })
      : manualExpress('./session');
  if (!file) {
    throw new UserError('Could not find main.ts (the file that calls `NestFactory.create`).', {
      hint: 'Point session-kit at the app with --cwd, or add the lines by hand.',
      manual: manual(),
      code: 'setup-not-found',
    });
  }
  const text = project.files.read(file) as string;
  const ast = followAliases(await parseJs(text, file), project.files, file);
  // The app's own middleware modules are followed, as check does: one that reads the session comes after it.
  const app = findNestApp(ast, text, file, relativeModuleReader(project, file), (source) =>
    moduleSessionUse(project.files, file, source),
  );
  if (!app) {
    const unfollowed = unfollowedApp(ast, text);
    const target = moduleTarget(project, file, ast);
    const message = unfollowed
      ? `session-kit does not recognise how the Nest app is created in ${file}: \`${unfollowed.appName}\` comes from ${unfollowed.factory}(), not NestFactory.create(), so it cannot tell which app that returns or where the session goes.`
      : `${file} imports @nestjs/core but no \`const app = await NestFactory.create(...)\` was found that session-kit can follow.`;
    throw new UserError(message, {
      where: { file, line: unfollowed?.line },
      hint: 'Add the lines by hand where the app is created, then run session-kit add again to write the rest.',
      manual: unfollowed ? manualAfter(project, namespace, target.importSource, { ...unfollowed, file }) : manual(),
      code: 'app-not-found',
    });
  }
  const target = moduleTarget(project, file, ast);
  refuseStoreSwitch(project.files, target.path, ctx.options.store);
  const setup: NestSetup = { file, text, ast, app, style: detectStyle(text), target, namespace };
  if (app.adapter === 'fastify') planFastifyAdapter(ctx, setup);
  else planExpressAdapter(ctx, setup);
}

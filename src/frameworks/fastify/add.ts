/**
 * `session-kit add` for Fastify: @fastify/cookie then @fastify/session registered
 * in the app file, or a plugin file for a fastify-cli/@fastify/autoload app; the
 * store wiring goes in a generated module. Loaded only by `plan` (Fastify's and
 * Nest's on the Fastify adapter), so `check` does not load templates, migrations
 * or JSON editing.
 */
import { followAliases } from '../../detect/import-aliases.js';
import path from 'node:path';
import { UserError } from '../../core/errors.js';
import type { PlanBuilder } from '../../core/plan.js';
import type { Project } from '../../detect/project.js';
import { moduleReaders } from '../../edit/js/setup-source.js';
import { parseJs } from '../../edit/js/parse.js';
import { moduleSyntax } from '../../edit/js/modules.js';
import { detectStyle, inFileStyle, type CodeStyle } from '../../edit/style.js';
import type { StoreContext } from '../../stores/context.js';
import type { StoreDescriptor } from '../../stores/types.js';
import { planPackages } from '../node/dependencies.js';
import { refuseStoreSwitch, sessionExistsError } from '../node/existing-session.js';
import { generatedModuleFor, type GeneratedModule } from '../node/generated-module.js';
import { planSessionEnv, planStorePackages, storeNextStep } from '../node/store-needs.js';
import { namespaceImports, needsNamespaceImports, requireKnownCompilerOptions } from '../node/ts-interop.js';
import type { PlanContext, PlanOptions, SessionStep } from '../types.js';
import { findFastifyApp, unfollowedApp, type FastifyApp, type FastifyStep } from './recognise.js';
import { manualRegistration, planFastifyRegistration } from './registration.js';
import { FASTIFY_ORDERING, FASTIFY_STEP_KINDS } from './rules.js';
import { fastifyPluginPackages, fastifyPluginVersions } from './majors.js';
import { fastifySessionModule } from './session-module.js';
import { recognisePluginsDir } from './plugins-dir.js';

/** Packages of a @fastify/session setup with this store. */
export function fastifySessionPackages(
  builder: PlanBuilder,
  project: Project,
  store: StoreDescriptor,
  context: StoreContext | undefined,
): void {
  planPackages(builder, project, fastifyPluginPackages(project), 'the cookie and session plugins');
  planStorePackages(builder, project, store, 'connect-store', context);
  if (store.styles['connect-store'].importsExpressSession)
    planPackages(
      builder,
      project,
      [{ name: 'express-session', version: '^1.18.1' }],
      `the ${store.label} store package builds on express-session's Store class`,
    );
  // The connect store packages' own types refer to express-session's.
  planPackages(
    builder,
    project,
    [{ name: '@types/express-session', version: '^1.18.1', dev: true, typesOnly: true }],
    'types of the connect store packages',
  );
}

/** The generated session-options module of a registration in the app file, its packages and .env entries. */
export function planFastifySession(
  builder: PlanBuilder,
  project: Project,
  options: PlanOptions,
  target: GeneratedModule,
  style: CodeStyle,
  namespace: boolean,
): void {
  const code = fastifySessionModule(options.store, target, { context: options.storeContext });
  builder.create(
    target.path,
    inFileStyle(namespace ? namespaceImports(code) : code, style),
    `session options with the ${options.store.label} store`,
  );
  fastifySessionPackages(builder, project, options.store, options.storeContext);
  planSessionEnv(builder, project, options.store, 'connect-store', options.storeContext);
}

/** Steps made by `app.register(...)` (hooks, routes, middleware and listen say nothing about the habit). */
const REGISTRATION_KINDS = new Set([
  'cookie',
  'session',
  'plugin',
  'routes',
  'session-routes',
  'sessionless-routes',
  'passport',
]);

/** May the block holding the app use `await`? Module top level only in ES modules. */
function awaitAllowed(project: Project, file: string, syntax: 'esm' | 'cjs', app: FastifyApp): boolean {
  if (!app.topLevel) return app.asyncFunction;
  return syntax === 'esm' && (project.moduleSystem === 'esm' || /\.m[jt]s$/.test(file));
}

/** Follow the file's own habit: awaited registrations if it awaits them, plain calls if not. */
export function registrationAwait(steps: FastifyStep[], allowed: boolean): boolean {
  const registrations = steps.filter((s) => REGISTRATION_KINDS.has(s.kind));
  if (!allowed) return false;
  if (registrations.length === 0) return true;
  return registrations.some((s) => s.awaited);
}

function setupNotFound(project: Project): never {
  const esm = project.moduleSystem === 'esm' || project.language === 'ts';
  throw new UserError('Could not find the file that creates the Fastify app (`fastify()`).', {
    hint: 'Point session-kit at the app with --cwd, or add the lines by hand.',
    manual: manualRegistration({
      syntax: esm ? 'esm' : 'cjs',
      appName: 'app',
      importSource: './session.js',
      useAwait: esm,
      namespaceImports: false,
    }),
    code: 'setup-not-found',
  });
}

function nextSteps(builder: PlanBuilder, store: StoreDescriptor, modulePath: string): void {
  builder.next(
    'Behind a TLS-terminating proxy, create the app with `fastify({ trustProxy: true })` so secure cookies are sent.',
  );
  storeNextStep(builder, store);
  builder.next(
    `Use sessions in handlers: \`request.session.set('userId', user.id)\`, \`request.session.get('userId')\`; log out with \`await request.session.destroy()\`. Session code lives in ${modulePath}.`,
  );
}

export async function planFastify({ project, detection, builder, options }: PlanContext): Promise<void> {
  // An unsupported Fastify major is the first thing to say, whatever shape the app has.
  fastifyPluginVersions(project);
  const file = detection.setupFile;
  if (!file) setupNotFound(project);
  const text = project.files.read(file) as string;
  const syntaxGuess = /\.m?ts$/.test(file) || /\.mjs$/.test(file) ? 'esm' : (project.moduleSystem ?? 'cjs');
  const manualFor = (appName: string, importSource: string) =>
    manualRegistration({
      syntax: syntaxGuess,
      appName,
      importSource,
      useAwait: syntaxGuess === 'esm',
      namespaceImports: false,
    });
  const ast = followAliases(await parseJs(text, file, manualFor('app', './session.js')), project.files, file);
  const syntax = moduleSyntax(ast, syntaxGuess);
  const style = detectStyle(text);
  requireKnownCompilerOptions(project);
  const namespace = needsNamespaceImports(project);
  const readers = moduleReaders(project, file);
  const app = findFastifyApp(ast, text, file, readers.readModule, readers.sessionUseOf);
  if (!app) {
    const unfollowed = unfollowedApp(ast, text);
    const target = generatedModuleFor(project.files, file, syntax);
    throw new UserError(
      unfollowed
        ? `\`${unfollowed.appName}\` in ${file} comes from ${unfollowed.factory}(), which session-kit cannot follow to the place where the Fastify app is created.`
        : `${file} imports fastify but no \`const app = fastify()\` was found that session-kit can follow.`,
      {
        where: { file, line: unfollowed?.line },
        hint: `Add these lines where the app is created (inside ${unfollowed ? `${unfollowed.factory}()` : 'the function that creates it'}), then run session-kit add again to write the rest.`,
        manual: manualFor(unfollowed?.appName ?? 'app', target.importSource),
        code: 'app-not-found',
      },
    );
  }

  if (app.autoloadPluginsDir) {
    await planAutoloadPlugin(builder, project, file, app, style, syntax, options, namespace);
    return;
  }

  const target = generatedModuleFor(project.files, file, syntax);
  refuseStoreSwitch(project.files, target.path, options.store);
  const useAwait = registrationAwait(app.steps, awaitAllowed(project, file, syntax, app));
  const result = planFastifyRegistration(builder, {
    file,
    text,
    ast,
    style,
    syntax,
    appName: app.appName,
    steps: app.steps,
    useAwait,
    namespaceImports: namespace,
    rules: FASTIFY_ORDERING,
    labels: FASTIFY_STEP_KINDS,
    fixOrder: options.fixOrder,
    importSource: target.importSource,
    appLabel: `\`${app.appName}\``,
  });
  if (result.foreignSession) return;
  planFastifySession(builder, project, options, target, style, namespace);
  nextSteps(builder, options.store, target.path);
}

async function planAutoloadPlugin(
  builder: PlanBuilder,
  project: Project,
  file: string,
  app: FastifyApp,
  style: CodeStyle,
  syntax: 'esm' | 'cjs',
  options: PlanOptions,
  namespace: boolean,
): Promise<void> {
  const store = options.store;
  const pluginsDir = path.posix.join(path.posix.dirname(file), app.autoloadPluginsDir as string);
  const ext = path.posix.extname(file) || '.js';
  const target = generatedModuleFor(project.files, `${pluginsDir}/index${ext}`, syntax);
  refuseStoreSwitch(project.files, target.path, store);
  const existing = (await recognisePluginsDir(project, pluginsDir)).filter((s) => s.file !== target.path);
  const isSession = (s: SessionStep) => s.kind === 'session' || s.kind === 'other-session';
  const foreignSession = existing.find(isSession) ?? app.steps.find(isSession);
  if (foreignSession) throw sessionExistsError(foreignSession.file, foreignSession, 'session plugin');
  const registersCookie = !existing.some((s) => s.kind === 'cookie') && !app.steps.some((s) => s.kind === 'cookie');
  const code = fastifySessionModule(store, target, { plugin: { registersCookie }, context: options.storeContext });
  builder.create(
    target.path,
    inFileStyle(namespace ? namespaceImports(code) : code, style),
    `session plugin (loaded by @fastify/autoload from ${pluginsDir}/) with the ${store.label} store`,
  );
  fastifySessionPackages(builder, project, store, options.storeContext);
  planPackages(
    builder,
    project,
    [{ name: 'fastify-plugin', version: fastifyPluginVersions(project).plugin }],
    'keeps the session visible to the whole app',
  );
  planSessionEnv(builder, project, store, 'connect-store', options.storeContext);
  nextSteps(builder, store, target.path);
}

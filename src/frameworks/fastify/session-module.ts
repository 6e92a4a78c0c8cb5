/**
 * The generated module for @fastify/session setups (Fastify, NestJS on Fastify):
 * the session options with the store wired through the connect-store factory
 * (`connectPgSimple(session)` where `session` is @fastify/session). For
 * @fastify/autoload apps the same module is also the plugin that registers it.
 */
import { readTemplate, renderTemplate, toCommonJs } from '../../core/templates.js';
import type { StoreContext } from '../../stores/context.js';
import type { StoreDescriptor } from '../../stores/types.js';
import { storeSnippet } from '../connect/session-module.js';
import type { GeneratedModule } from '../node/generated-module.js';
import { FASTIFY_INTEGRATION } from './index.js';

export interface FastifyModuleOptions {
  /** Write an autoload plugin (default export) instead of exporting `sessionOptions`. */
  plugin?: {
    /** Register @fastify/cookie inside the plugin (false when the app registers it elsewhere). */
    registersCookie: boolean;
  };
  /** From `add`: the project's schema, reusable client and migration tool for the store. */
  context?: StoreContext;
}

// The store snippets are shared with express-session setups, which call the factory with `session`.
const FACTORY_ALIAS = `// Connect stores extend the Store class of the session module they are given: @fastify/session has one.
const session = fastifySession{{ts: as unknown as typeof import('express-session')}};

`;

function pluginParts(options: FastifyModuleOptions): { imports: string; body: string } {
  if (!options.plugin) return { imports: '', body: '' };
  const { registersCookie } = options.plugin;
  const imports = `import fp from 'fastify-plugin';\n${registersCookie ? "import fastifyCookie from '@fastify/cookie';\n" : ''}`;
  const registrations = [
    registersCookie ? '  await fastify.register(fastifyCookie);' : null,
    '  await fastify.register(fastifySession, sessionOptions);',
  ]
    .filter(Boolean)
    .join('\n');
  // Without our own cookie registration, declare the dependency: autoload orders by it and Fastify checks it at boot.
  const body = renderTemplate(
    readTemplate(`${FASTIFY_INTEGRATION.templates}/plugin.js`),
    { registrations, dependencies: registersCookie ? '' : ", dependencies: ['@fastify/cookie']" },
    false,
  );
  return { imports, body };
}

export function fastifySessionModule(
  store: StoreDescriptor,
  target: GeneratedModule,
  options: FastifyModuleOptions = {},
): string {
  const snippet = storeSnippet(store, target, options.context);
  const plugin = pluginParts(options);
  let code = renderTemplate(
    readTemplate(`${FASTIFY_INTEGRATION.templates}/session.js`),
    {
      store: store.id,
      pluginImports: plugin.imports,
      storeImports: snippet.imports ?? '',
      storeSetup: snippet.setup ?? '',
      factoryAlias: /\(\s*session\s*[,)]/.test(snippet.setup ?? '')
        ? renderTemplate(FACTORY_ALIAS, {}, target.typescript)
        : '',
      storeExpression: snippet.store ?? 'undefined',
      exportKeyword: options.plugin ? '' : 'export ',
      pluginBody: plugin.body,
      typescript: target.typescript,
    },
    target.typescript,
  );
  code = code.replace(/\n{3,}/g, '\n\n');
  if (target.syntax !== 'cjs') return code;
  return toCommonJs(options.plugin ? code.replace(/^export default (\w+);$/m, 'module.exports = $1;') : code);
}

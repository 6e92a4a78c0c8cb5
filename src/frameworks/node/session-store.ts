/**
 * The generated session-store module shared by the frameworks that cannot use
 * connect stores (Koa, Hono): one adapter per store, with get/set/destroy by id and
 * an absolute expiry, on the same tables as the connect stores. Each framework's
 * session module wraps it in that framework's store interface.
 */
import { UserError } from '../../core/errors.js';
import type { PlanBuilder } from '../../core/plan.js';
import { readTemplate, renderTemplate, templateSections, toCommonJs } from '../../core/templates.js';
import type { ProjectFiles } from '../../detect/project.js';
import { inFileStyle, type CodeStyle } from '../../edit/style.js';
import { storeTemplateValues, type StoreContext } from '../../stores/context.js';
import type { PackageSpec, StoreDescriptor, StoreId } from '../../stores/types.js';
import { generatedModuleFor, generatedStore, isGenerated, type GeneratedModule } from './generated-module.js';

/** The store adapter module (templates/session-store/<store>.js), sharing the app's client when it exports one. */
export function sessionStoreModule(store: StoreDescriptor, target: GeneratedModule, context?: StoreContext): string {
  const values = storeTemplateValues(store, context, target.path);
  const client = context?.client;
  if (store.id === 'mysql' && client) {
    // The adapter queries with promises: a callback pool (mysql2) hands over its promise wrapper.
    const local = 'appPool';
    values.clientImport = client.exportName === 'default' ? `import ${local} from '${values.clientSource}';` : `import { ${client.exportName === local ? local : `${client.exportName} as ${local}`} } from '${values.clientSource}';`;
    values.reuseSetup = client.promiseApi ? `const sessionPool = ${local};` : `const sessionPool = ${local}.promise();`;
  }
  // One interface for every adapter (templates/session-store/types.ts, without its header line).
  const storeTypes = readTemplate('session-store/types.ts').replace(/^\/\/.*\n/, '').replace(/\n$/, '');
  const code = renderTemplate(
    readTemplate(`session-store/${store.id}.js`),
    { ...values, storeTypes, typescript: target.typescript },
    target.typescript,
  ).replace(/\n{3,}/g, '\n\n');
  return target.syntax === 'cjs' ? toCommonJs(code) : code;
}

/** Driver packages of the adapters: the connect stores' drivers (one version table), plus types. */
const ADAPTER_DRIVERS = new Set(['pg', '@types/pg', 'mysql2', 'better-sqlite3', 'redis']);
const EXTRA_TYPES: Partial<Record<StoreId, PackageSpec[]>> = {
  sqlite: [{ name: '@types/better-sqlite3', version: '^7.6.13', dev: true, typesOnly: true }],
};

export function adapterPackages(store: StoreDescriptor): PackageSpec[] {
  return [...(store.packages.connect ?? []).filter((spec) => ADAPTER_DRIVERS.has(spec.name)), ...(EXTRA_TYPES[store.id] ?? [])];
}

/** The framework's session module (templates/<framework>/session.js) wrapping the store module. */
export function adapterSessionModule(framework: 'koa' | 'hono', store: StoreDescriptor, target: GeneratedModule, storeModule: GeneratedModule): string {
  const code = renderTemplate(
    readTemplate(`${framework}/session.js`),
    { store: store.id, storeSource: storeModule.importSource, typescript: target.typescript },
    target.typescript,
  );
  return target.syntax === 'cjs' ? toCommonJs(code) : code;
}

export interface AdapterModules {
  session: GeneratedModule;
  store: GeneratedModule;
}

/**
 * Plans the two generated files beside the setup file: the session module the app
 * imports and the store adapter it uses. Refuses to switch stores over an existing setup.
 */
export function planAdapterModules(builder: PlanBuilder, files: ProjectFiles, framework: 'koa' | 'hono', setupFile: string, syntax: 'esm' | 'cjs', style: CodeStyle, store: StoreDescriptor, context?: StoreContext): AdapterModules {
  const session = generatedModuleFor(files, setupFile, syntax);
  const storeModule = generatedModuleFor(files, setupFile, syntax, ['session-store', 'session-kit-store']);
  for (const module of [session, storeModule]) {
    const text = files.read(module.path);
    const previous = generatedStore(text);
    if (isGenerated(text) && previous && previous !== store.id) {
      throw new UserError(`Sessions are already set up with the ${previous} store (${module.path}).`, {
        where: { file: module.path, line: 1 },
        hint: `Run \`session-kit remove\` first to switch to ${store.id}.`,
        code: 'store-mismatch',
      });
    }
  }
  builder.create(storeModule.path, inFileStyle(sessionStoreModule(store, storeModule, context), style), `${store.label} session store adapter${context?.client ? ` (shares the app's client from ${context.client.file})` : ''}`);
  builder.create(session.path, inFileStyle(adapterSessionModule(framework, store, session, storeModule), style), `session middleware with the ${store.label} store`);
  return { session, store: storeModule };
}

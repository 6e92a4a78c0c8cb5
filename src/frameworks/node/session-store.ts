/**
 * The generated session-store module of the 'generated-adapter' integration style
 * (frameworks that cannot use connect stores): one adapter per store, with
 * get/set/destroy by id and an absolute expiry, on the same tables as the connect
 * stores. Each framework's session module (templates/<its folder>/session.js) wraps
 * it in that framework's store interface.
 */
import type { PlanBuilder } from '../../core/plan.js';
import { readTemplate, renderTemplate, toCommonJs, type TemplateValues } from '../../core/templates.js';
import type { ProjectFiles } from '../../detect/project.js';
import { inFileStyle, type CodeStyle } from '../../edit/style.js';
import { storeNeeds, storeTemplateValues, type StoreContext } from '../../stores/context.js';
import type { PackageSpec, StoreDescriptor } from '../../stores/types.js';
import { refuseStoreSwitch } from './existing-session.js';
import { generatedModuleFor, type GeneratedModule } from './generated-module.js';

/** The store adapter module (templates/session-store/<store>.js), sharing the app's client when it exports one. */
export function sessionStoreModule(store: StoreDescriptor, target: GeneratedModule, context?: StoreContext): string {
  const values = storeTemplateValues(store, 'generated-adapter', context, target.path);
  // One interface for every adapter (templates/session-store/types.ts, without its header line).
  const storeTypes = readTemplate('session-store/types.ts')
    .replace(/^\/\/.*\n/, '')
    .replace(/\n$/, '');
  const code = renderTemplate(
    readTemplate(`session-store/${store.id}.js`),
    { ...values, storeTypes, typescript: target.typescript },
    target.typescript,
  ).replace(/\n{3,}/g, '\n\n');
  return target.syntax === 'cjs' ? toCommonJs(code) : code;
}

/** The adapter's packages (its driver and types) when it opens its own connection. */
export function adapterPackages(store: StoreDescriptor): PackageSpec[] {
  return storeNeeds(store, 'generated-adapter', undefined).packages;
}

/** The framework's session module (templates/<templates>/session.js) wrapping the store module. */
export function adapterSessionModule(
  templates: string,
  store: StoreDescriptor,
  target: GeneratedModule,
  storeModule: GeneratedModule,
  values: TemplateValues = {},
): string {
  const code = renderTemplate(
    readTemplate(`${templates}/session.js`),
    { ...values, store: store.id, storeSource: storeModule.importSource, typescript: target.typescript },
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
 * `values` are the framework template's own flags (Koa: whether it makes the keys).
 */
export function planAdapterModules(
  builder: PlanBuilder,
  files: ProjectFiles,
  templates: string,
  setupFile: string,
  syntax: 'esm' | 'cjs',
  style: CodeStyle,
  store: StoreDescriptor,
  context?: StoreContext,
  values: TemplateValues = {},
): AdapterModules {
  const session = generatedModuleFor(files, setupFile, syntax);
  const storeModule = generatedModuleFor(files, setupFile, syntax, ['session-store', 'session-kit-store']);
  for (const module of [session, storeModule]) refuseStoreSwitch(files, module.path, store);
  builder.create(
    storeModule.path,
    inFileStyle(sessionStoreModule(store, storeModule, context), style),
    `${store.label} session store adapter${context?.client ? ` (shares the app's client from ${context.client.file})` : ''}`,
  );
  builder.create(
    session.path,
    inFileStyle(adapterSessionModule(templates, store, session, storeModule, values), style),
    `session middleware with the ${store.label} store`,
  );
  return { session, store: storeModule };
}

/**
 * The 'connect-store' integration style: the store's snippet (templates/connect/stores/)
 * spliced into a framework's session module, for express-session setups
 * (templates/connect/session.js) and @fastify/session ones (through the factory).
 */
import {
  readTemplate,
  renderTemplate,
  templateSections,
  toCommonJs,
  type TemplateValues,
} from '../../core/templates.js';
import { storeTemplateValues, type StoreContext } from '../../stores/context.js';
import type { StoreDescriptor } from '../../stores/types.js';
import type { GeneratedModule } from '../node/generated-module.js';

/** The store's imports, setup and store expression, sharing the app's client when `context` has one. */
export function storeSnippet(
  store: StoreDescriptor,
  target: GeneratedModule,
  context?: StoreContext,
): Record<string, string> {
  const values: TemplateValues = storeTemplateValues(store, 'connect-store', context, target.path);
  return templateSections(renderTemplate(readTemplate(`connect/stores/${store.id}.js`), values, target.typescript));
}

/**
 * An express-session module (templates/<templates>/session.js, the framework's declared
 * folder) with the store spliced in. `context` (from `add`) carries the project's schema,
 * reusable client and migration tool.
 */
export function connectSessionModule(
  templates: string,
  store: StoreDescriptor,
  target: GeneratedModule,
  context?: StoreContext,
): string {
  const snippet = storeSnippet(store, target, context);
  const code = renderTemplate(
    readTemplate(`${templates}/session.js`),
    {
      store: store.id,
      storeImports: snippet.imports ?? '',
      storeSetup: snippet.setup ?? '',
      storeExpression: snippet.store ?? 'undefined',
      typescript: target.typescript,
    },
    target.typescript,
  );
  return target.syntax === 'cjs' ? toCommonJs(code) : code;
}

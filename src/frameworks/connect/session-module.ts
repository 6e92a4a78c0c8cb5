/**
 * The generated module for express-session based setups (Express, NestJS on Express):
 * the session template with the store's snippet spliced in.
 */
import { readTemplate, renderTemplate, templateSections, toCommonJs, type TemplateValues } from '../../core/templates.js';
import { storeTemplateValues, type StoreContext } from '../../stores/context.js';
import type { StoreDescriptor } from '../../stores/types.js';
import type { GeneratedModule } from '../node/generated-module.js';

export function storeSnippet(family: string, store: StoreDescriptor, typescript: boolean, values: TemplateValues = {}): Record<string, string> {
  return templateSections(renderTemplate(readTemplate(`${family}/stores/${store.id}.js`), values, typescript));
}

/** `context` (from `add`) carries the project's schema, reusable client and migration tool. */
export function connectSessionModule(store: StoreDescriptor, target: GeneratedModule, context?: StoreContext): string {
  const snippet = storeSnippet('connect', store, target.typescript, storeTemplateValues(store, context, target.path));
  const code = renderTemplate(
    readTemplate('connect/session.js'),
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

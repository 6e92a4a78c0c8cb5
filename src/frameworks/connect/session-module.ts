/**
 * The generated module for express-session based setups (Express, NestJS on Express):
 * the session template with the store's snippet spliced in.
 */
import { readTemplate, renderTemplate, templateSections, toCommonJs } from '../../core/templates.js';
import type { StoreDescriptor } from '../../stores/types.js';
import type { GeneratedModule } from '../node/generated-module.js';

export function storeSnippet(family: string, store: StoreDescriptor, typescript: boolean): Record<string, string> {
  return templateSections(renderTemplate(readTemplate(`${family}/stores/${store.id}.js`), {}, typescript));
}

export function connectSessionModule(store: StoreDescriptor, target: GeneratedModule): string {
  const snippet = storeSnippet('connect', store, target.typescript);
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

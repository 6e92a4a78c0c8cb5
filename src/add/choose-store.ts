/** add's store choice: --store, else the picker in a terminal, else the embedded default. */
import { UserError } from '../core/errors.js';
import { cancelFlow } from '../core/flow.js';
import type { FrameworkModule } from '../frameworks/types.js';
import { DEFAULT_STORE, STORES, storeById } from '../stores/registry.js';
import type { StoreDescriptor } from '../stores/types.js';
import type { AddOptions } from './options.js';

export async function chooseStore(
  options: AddOptions,
  framework: FrameworkModule,
  interactive: boolean,
): Promise<StoreDescriptor> {
  if (options.store) {
    const store = storeById(options.store);
    if (!framework.stores.includes(store.id)) {
      throw new UserError(`${framework.name} does not support the ${store.label} store in session-kit yet.`, {
        hint: `Use one of: ${framework.stores.join(', ')}.`,
        code: 'unsupported-store',
      });
    }
    return store;
  }
  if (!interactive) {
    if (!options.json)
      process.stderr.write(`No --store given and no terminal to ask: using the embedded default, ${DEFAULT_STORE}.\n`);
    return STORES[DEFAULT_STORE];
  }
  const { select, isCancel } = await import('@clack/prompts');
  const choice = await select({
    message: 'Where should sessions be stored?',
    initialValue: DEFAULT_STORE,
    options: framework.stores.map((id) => ({ value: id, label: STORES[id].label, hint: STORES[id].hint })),
  });
  if (isCancel(choice)) return cancelFlow('Cancelled; nothing was written.');
  return STORES[choice as keyof typeof STORES];
}

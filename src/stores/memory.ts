import type { StoreDescriptor } from './types.js';

export const memoryStore: StoreDescriptor = {
  id: 'memory',
  label: 'Memory',
  hint: 'in-process, lost on restart; for development and tests',
  persistent: false,
  dialect: null,
  env: [],
  styles: {
    'connect-store': { packages: [{ name: 'memorystore', version: '^1.6.7' }] },
    // The generated adapter keeps sessions in a Map: nothing to install.
    'generated-adapter': { packages: [] },
  },
  nextStep:
    'The memory store keeps sessions in this process only: use a persistent store (postgres, mysql, redis, sqlite) in production.',
};

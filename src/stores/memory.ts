import type { StoreDescriptor } from './types.js';

export const memoryStore: StoreDescriptor = {
  id: 'memory',
  label: 'Memory',
  hint: 'in-process, lost on restart; for development and tests',
  persistent: false,
  dialect: null,
  env: [],
  packages: {
    connect: [{ name: 'memorystore', version: '^1.6.7' }],
  },
};

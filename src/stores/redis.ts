import { versionFor } from './versions.js';
import type { PackageSpec, StoreDescriptor } from './types.js';

const redis: PackageSpec = { name: 'redis', version: '^5.0.0' };
const sharedClient = () => ({ local: 'sessionRedis' });

export const redisStore: StoreDescriptor = {
  id: 'redis',
  label: 'Redis / Valkey',
  hint: 'sessions as expiring keys in Redis or Valkey (REDIS_URL)',
  persistent: true,
  dialect: null,
  env: [{ key: 'REDIS_URL', description: 'Redis connection URL', example: 'redis://localhost:6379' }],
  styles: {
    'connect-store': {
      packages: [{ name: 'connect-redis', version: (node) => versionFor('connect-redis', node, '^9.0.0') }, redis],
      sharedClient,
      importsExpressSession: true,
    },
    'generated-adapter': { packages: [redis], sharedClient },
  },
};

import { UserError } from '../core/errors.js';
import { memoryStore } from './memory.js';
import { mysqlStore } from './mysql.js';
import { postgresStore } from './postgres.js';
import { redisStore } from './redis.js';
import { sqliteStore } from './sqlite.js';
import { STORE_IDS, type StoreDescriptor, type StoreId } from './types.js';

export const STORES: Record<StoreId, StoreDescriptor> = {
  memory: memoryStore,
  postgres: postgresStore,
  mysql: mysqlStore,
  sqlite: sqliteStore,
  redis: redisStore,
};

/** The embedded store used without a TTY when --store is not given. */
export const DEFAULT_STORE: StoreId = 'sqlite';

export function storeById(id: string): StoreDescriptor {
  if (!(STORE_IDS as readonly string[]).includes(id)) {
    throw new UserError(`Unknown store "${id}".`, { hint: `Use one of: ${STORE_IDS.join(', ')}.`, code: 'usage' });
  }
  return STORES[id as StoreId];
}

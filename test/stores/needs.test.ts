/**
 * What a store adds to a project in each integration style, and what an app's
 * shared client spares: read from the descriptor, the same for every framework.
 */
import { describe, expect, it } from 'vitest';
import { storeNeeds, type StoreContext } from '../../src/stores/context.js';
import { STORES } from '../../src/stores/registry.js';
import { INTEGRATION_STYLES, STORE_IDS } from '../../src/stores/types.js';

const names = (specs: { name: string }[]) => specs.map((s) => s.name);
const context = (client: StoreContext['client']): StoreContext => ({
  schema: null,
  client,
  sql: null,
  migration: null,
  migrateHint: '',
});

describe('store needs', () => {
  it('every store describes both integration styles', () => {
    for (const id of STORE_IDS)
      for (const style of INTEGRATION_STYLES) expect(STORES[id].styles[style], `${id} ${style}`).toBeDefined();
  });

  it('without a shared client: the style packages, the store env and its files to ignore', () => {
    const connect = storeNeeds(STORES.sqlite, 'connect-store', undefined);
    expect(names(connect.packages)).toEqual(['connect-session-knex', 'knex', 'better-sqlite3']);
    expect(connect.env.map((e) => e.key)).toEqual(['SESSION_SQLITE_FILE']);
    expect(connect.ignore).toEqual(['*.sqlite']);
    const adapter = storeNeeds(STORES.sqlite, 'generated-adapter', undefined);
    expect(names(adapter.packages)).toEqual(['better-sqlite3', '@types/better-sqlite3']);
    expect(adapter.ignore).toEqual(['*.sqlite', '*.sqlite-wal', '*.sqlite-shm']);
    expect(storeNeeds(STORES.memory, 'generated-adapter', undefined)).toEqual({ packages: [], env: [], ignore: [] });
  });

  it("a shared knex instance spares the connect store's own driver and connection settings", () => {
    const needs = storeNeeds(
      STORES.sqlite,
      'connect-store',
      context({ file: 'src/db.js', exportName: 'db', knexDriver: 'sqlite3' }),
    );
    expect(names(needs.packages)).toEqual(['connect-session-knex', 'knex']);
    expect(needs.env).toEqual([]);
  });

  it('a shared pool keeps the connect store package; a generated adapter needs nothing of its own', () => {
    const pool = context({ file: 'src/db.js', exportName: 'pool' });
    expect(names(storeNeeds(STORES.postgres, 'connect-store', pool).packages)).toContain('connect-pg-simple');
    expect(storeNeeds(STORES.postgres, 'connect-store', pool).env.map((e) => e.key)).toEqual(['DATABASE_URL']);
    expect(storeNeeds(STORES.postgres, 'generated-adapter', pool)).toEqual({ packages: [], env: [], ignore: [] });
  });
});

/**
 * What the check rules need to know about session store packages, as data: which
 * store they are, the table they use by default, the option renaming it and whether
 * they create it themselves. Facts from the node-sessions reference.
 */
export interface StoreTableFacts {
  defaultTable: string;
  /** Option keys naming the table (the first found wins). */
  tableOptions: string[];
  /** Option that makes the store create its table, and its default. */
  createOption: string;
  createsByDefault: boolean;
}

/**
 * How a store deletes expired sessions, and the option that turns it off. Without it
 * (and without a job of the app's own) the table or the process only grows.
 */
export interface StoreCleanupFacts {
  /** An option value that turns the store's own cleanup off (matched in its options object). */
  off?: { option: string; value: RegExp };
  /** The option the store cleans up only with (memorystore: checkPeriod). */
  required?: string;
  /** What cleans up by default, for the message. */
  normally: string;
  /** What to do, one line. */
  fix: string;
}

/** How long a store keeps a session, against the cookie's maxAge. */
export interface StoreTtlFacts {
  /** The option, and its unit. */
  option: string;
  unit: 'ms' | 's';
  /** Its default in ms, when the store does not follow the cookie without it. */
  defaultMs?: number;
  /**
   * When the option wins over the cookie's expiry: always, or only below a major of the
   * package (later majors take the cookie's expiry and use the option only without one).
   */
  winsBelowMajor?: number;
  /** An option that makes entries never expire. */
  forever?: { option: string; value: RegExp };
}

export interface StoreModuleFacts {
  package: string;
  /** True for in-process stores (lost on restart, not shared between instances). */
  memory: boolean;
  table?: StoreTableFacts;
  cleanup?: StoreCleanupFacts;
  ttl?: StoreTtlFacts;
}

export const STORE_MODULES: StoreModuleFacts[] = [
  {
    package: 'memorystore',
    memory: true,
    cleanup: {
      required: 'checkPeriod',
      normally: 'memorystore drops expired sessions only every checkPeriod ms, which is off by default',
      fix: 'Pass checkPeriod (e.g. new MemoryStore({ checkPeriod: 1000 * 60 * 60 })).',
    },
    // memorystore's ttl replaces the cookie's maxAge.
    ttl: { option: 'ttl', unit: 'ms' },
  },
  {
    package: 'connect-pg-simple',
    memory: false,
    table: {
      defaultTable: 'session',
      tableOptions: ['tableName'],
      createOption: 'createTableIfMissing',
      createsByDefault: false,
    },
    cleanup: {
      off: { option: 'pruneSessionInterval', value: /^false$/ },
      normally: 'connect-pg-simple deletes expired sessions every 15 minutes unless pruneSessionInterval is false',
      fix: 'Drop pruneSessionInterval: false, or call store.pruneSessions() from a scheduled job.',
    },
  },
  {
    package: 'express-mysql-session',
    memory: false,
    table: {
      defaultTable: 'sessions',
      tableOptions: ['tableName'],
      createOption: 'createDatabaseTable',
      createsByDefault: true,
    },
    cleanup: {
      off: { option: 'clearExpired', value: /^false$/ },
      normally:
        'express-mysql-session deletes expired sessions every checkExpirationInterval unless clearExpired is false',
      fix: 'Drop clearExpired: false, or call store.clearExpiredSessions() from a scheduled job.',
    },
  },
  {
    package: 'connect-session-knex',
    memory: false,
    table: {
      defaultTable: 'sessions',
      tableOptions: ['tableName', 'tablename'],
      createOption: 'createTable',
      createsByDefault: true,
    },
    cleanup: {
      off: { option: 'disableDbCleanup', value: /^true$/ },
      normally: 'connect-session-knex deletes expired sessions every cleanupInterval unless disableDbCleanup is true',
      fix: 'Drop disableDbCleanup: true, or delete expired rows from a scheduled job.',
    },
  },
  {
    package: 'connect-sqlite3',
    memory: false,
    table: { defaultTable: 'sessions', tableOptions: ['table'], createOption: 'createTable', createsByDefault: true },
  },
  {
    package: 'connect-redis',
    memory: false,
    // connect-redis 4 and later follow the cookie's expiry and use ttl only without one; 3 and earlier always used ttl.
    ttl: { option: 'ttl', unit: 's', winsBelowMajor: 4, forever: { option: 'disableTTL', value: /^true$/ } },
  },
  { package: 'connect-mongo', memory: false },
  { package: 'connect-mongodb-session', memory: false },
  // session-file-store expires a session ttl seconds (default 3600) after its last access, whatever the cookie says.
  { package: 'session-file-store', memory: false, ttl: { option: 'ttl', unit: 's', defaultMs: 3600 * 1000 } },
  { package: 'connect-session-sequelize', memory: false },
  { package: 'better-sqlite3-session-store', memory: false },
  { package: '@quixo3/prisma-session-store', memory: false },
  { package: 'koa-redis', memory: false },
  // Rust crates (Pavex): named in the blueprint's imports.
  { package: 'pavex_session_memory_store', memory: true },
  // tower-sessions (axum): its in-process store type, named in the files holding the steps.
  { package: 'MemoryStore', memory: true },
  // actix-web: the in-process SessionStore session-kit generates (session_store.rs).
  { package: 'MemorySessionStore', memory: true },
];

export function storeModule(source: string): StoreModuleFacts | undefined {
  return STORE_MODULES.find((s) => s.package === source);
}

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

export interface StoreModuleFacts {
  package: string;
  /** True for in-process stores (lost on restart, not shared between instances). */
  memory: boolean;
  table?: StoreTableFacts;
}

export const STORE_MODULES: StoreModuleFacts[] = [
  { package: 'memorystore', memory: true },
  {
    package: 'connect-pg-simple',
    memory: false,
    table: {
      defaultTable: 'session',
      tableOptions: ['tableName'],
      createOption: 'createTableIfMissing',
      createsByDefault: false,
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
  },
  {
    package: 'connect-sqlite3',
    memory: false,
    table: { defaultTable: 'sessions', tableOptions: ['table'], createOption: 'createTable', createsByDefault: true },
  },
  { package: 'connect-redis', memory: false },
  { package: 'connect-mongo', memory: false },
  { package: 'connect-mongodb-session', memory: false },
  { package: 'session-file-store', memory: false },
  { package: 'connect-session-sequelize', memory: false },
  { package: 'better-sqlite3-session-store', memory: false },
  { package: '@quixo3/prisma-session-store', memory: false },
  { package: 'koa-redis', memory: false },
  // Rust crates (Pavex): named in the blueprint's imports.
  { package: 'pavex_session_memory_store', memory: true },
];

export function storeModule(source: string): StoreModuleFacts | undefined {
  return STORE_MODULES.find((s) => s.package === source);
}

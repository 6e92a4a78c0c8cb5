import { versionFor } from './versions.js';
import type { PackageSpec, StoreDescriptor } from './types.js';

const betterSqlite3: PackageSpec = {
  name: 'better-sqlite3',
  version: (node) => versionFor('better-sqlite3', node, '^12.4.1'),
  needsInstallScript: true,
};

export const sqliteStore: StoreDescriptor = {
  id: 'sqlite',
  label: 'SQLite',
  hint: 'embedded file database, no server needed; the default',
  persistent: true,
  dialect: 'sqlite',
  env: [
    {
      key: 'SESSION_SQLITE_FILE',
      description: 'path of the SQLite file that holds sessions',
      example: './sessions.sqlite',
      localDefault: './sessions.sqlite',
    },
  ],
  styles: {
    'connect-store': {
      packages: [
        { name: 'connect-session-knex', version: '^5.0.0' },
        { name: 'knex', version: '^3.1.0' },
        betterSqlite3,
      ],
      ignore: ['*.sqlite'],
      sharedClient: () => ({ local: 'sessionKnex' }),
      importsExpressSession: true,
      // connect-session-knex takes any knex instance: an app's knex on SQLite becomes the store's.
      takesKnex: {
        replaces: ['better-sqlite3'],
        shared: 'connect-session-knex creates the `sessions` table in that database at the first start.',
        byHand:
          'If that instance is on SQLite, pass it as `knex` to ConnectSessionKnexStore in the session module to share it.',
      },
    },
    'generated-adapter': {
      packages: [betterSqlite3, { name: '@types/better-sqlite3', version: '^7.6.13', dev: true, typesOnly: true }],
      // The adapter opens the file in WAL mode.
      ignore: ['*.sqlite', '*.sqlite-wal', '*.sqlite-shm'],
    },
  },
  besideKnex: {
    why: 'the generated session adapter talks to better-sqlite3 directly and knex has no public way to hand over its connection',
    opens: 'its own connection to SESSION_SQLITE_FILE',
    beside: 'connection',
  },
};

import { versionFor } from './versions.js';
import type { StoreDescriptor } from './types.js';

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
  packages: {
    connect: [
      { name: 'connect-session-knex', version: '^5.0.0' },
      { name: 'knex', version: '^3.1.0' },
      { name: 'better-sqlite3', version: (node) => versionFor('better-sqlite3', node, '^12.4.1'), needsInstallScript: true },
    ],
  },
};

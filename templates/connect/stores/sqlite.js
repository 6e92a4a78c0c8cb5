//# imports
import knex from 'knex';
import { ConnectSessionKnexStore } from 'connect-session-knex';
//# setup
const sqliteFile = requireEnv('SESSION_SQLITE_FILE');
const sessionStore = new ConnectSessionKnexStore({
  knex: knex({ client: 'better-sqlite3', connection: { filename: sqliteFile }, useNullAsDefault: true }),
  tableName: 'sessions',
  createTable: true,
});
// Fail at boot, not after the first response, when the database cannot be opened.
sessionStore.ready.catch((error{{ts:: Error}}) => {
  console.error(`Session store: cannot open SQLite file ${sqliteFile}: ${error.message}`);
  process.exit(1);
});
//# store
sessionStore

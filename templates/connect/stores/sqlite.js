//# imports
{{#create}}
import knex from 'knex';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
import { ConnectSessionKnexStore } from 'connect-session-knex';
//# setup
{{#create}}
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
{{/create}}
{{#reuse}}
// Sessions share the app's knex instance from {{clientSource}} ({{knexDriver}}): the
// `sessions` table is created in the app's database.
const sessionStore = new ConnectSessionKnexStore({ knex: sessionKnex, tableName: 'sessions', createTable: true });
// Fail at boot, not after the first response, when the database cannot be opened.
sessionStore.ready.catch((error{{ts:: Error}}) => {
  console.error(`Session store (SQLite, knex from {{clientSource}}): ${error.message}`);
  process.exit(1);
});
{{/reuse}}
//# store
sessionStore

//# imports
{{#create}}
import mysql from 'mysql2';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
import createMySQLStore from 'express-mysql-session';
//# setup
{{#create}}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error('DATABASE_URL is not set: add the MySQL/MariaDB URL of the session store to .env (see .env.example), e.g. mysql://user:password@localhost:3306/app');
}
const sessionPool = mysql.createPool(databaseUrl);
{{/create}}
{{#reuse}}
// Sessions share the app's pool from {{clientSource}}.
{{reuseSetup}}
{{/reuse}}
const MySQLStore = createMySQLStore(session);
// The table and its expiry index come from the migration, not from the store.
{{ts:// @types/express-mysql-session pins its own, older mysql2 types: the cast bridges the two.
}}const sessionStore = new MySQLStore({ createDatabaseTable: false }, sessionPool{{ts: as unknown as ConstructorParameters<typeof MySQLStore>[1]}});
// Check the database and the session table at boot, not after the first response.
sessionStore
  .onReady()
  .then(() => sessionPool.promise().query('SELECT 1 FROM `sessions` LIMIT 0'))
  .catch((error{{ts:: NodeJS.ErrnoException}}) => {
    const reason = error.code === 'ER_NO_SUCH_TABLE' ? 'the sessions table is missing: {{migrateHint}}' : error.message;
    console.error(`Session store (MySQL, DATABASE_URL): ${reason}`);
    process.exit(1);
  });
//# store
sessionStore

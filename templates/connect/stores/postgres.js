//# imports
{{#create}}
import pg from 'pg';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
import connectPgSimple from 'connect-pg-simple';
//# setup
{{#create}}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error('DATABASE_URL is not set: add the PostgreSQL URL of the session store to .env (see .env.example), e.g. postgres://user:password@localhost:5432/app');
}
const sessionPool = new pg.Pool({ connectionString: databaseUrl });
{{/create}}
{{#reuse}}
// Sessions share the app's pool from {{clientSource}}.
{{/reuse}}
const PgStore = connectPgSimple(session);
// Check the database and the session table at boot: connect-pg-simple reports store
// errors only after the response is sent, so a wrong URL would look like a working app.
sessionPool.query('SELECT 1 FROM {{tableRef}} LIMIT 0').catch((error{{ts:: NodeJS.ErrnoException}}) => {
  const reason = error.code === '42P01' ? 'the session table is missing: {{migrateHint}}' : error.message;
  console.error(`Session store (PostgreSQL, DATABASE_URL): ${reason}`);
  process.exit(1);
});
//# store
new PgStore({ pool: sessionPool, tableName: 'session'{{schemaOption}} })

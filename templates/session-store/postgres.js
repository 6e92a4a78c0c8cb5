// Session store written by session-kit (store: postgres). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
// Rows live in the "session" table that connect-pg-simple uses too, so one migration serves both.
{{#create}}
import pg from 'pg';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
{{#typescript}}

{{storeTypes}}

interface SessionRow {
  sess: SessionData;
  /** numeric: pg returns it as text. */
  expires: string;
}
{{/typescript}}
{{#create}}

function requireEnv(name{{ts:: string}}){{ts:: string}} {
  const value = process.env[name];
  if (!value) {
    // npm, pnpm, yarn and bun name the package.json script that started the app.
    const script = process.env.npm_lifecycle_event;
    const started = script ? `the "${script}" script (${process.env.npm_lifecycle_script})` : 'the command that started the app';
    throw new Error(`${name} is not set. session-kit wrote it to .env, which ${started} does not load: add --env-file=.env after its node, tsx or nodemon, or make dotenv/config the first import of the app's entry (the add --load-env of session-kit does one of them).`);
  }
  return value;
}

const sessionPool = new pg.Pool({ connectionString: requireEnv('DATABASE_URL') });
// An idle connection dropped by the server must not crash the app.
sessionPool.on('error', (error{{ts:: Error}}) => console.error(`Session store (PostgreSQL): ${error.message}`));
{{/create}}
{{#reuse}}

// Sessions share the app's pool from {{clientSource}}.
{{/reuse}}

const PRUNE_EVERY_MS = 15 * 60 * 1000;

// "expire" is a timestamp without time zone: written with to_timestamp() and read back
// through ::timestamptz, both in the connection's time zone, as connect-pg-simple does.
async function prune(){{ts:: Promise<number>}} {
  const result = await sessionPool.query('DELETE FROM {{tableRef}} WHERE "expire" <= to_timestamp($1)', [Date.now() / 1000]);
  return result.rowCount ?? 0;
}

// Check the database and the table at boot: a missing table would otherwise surface
// only when the first session is saved.
const ready{{ts:: Promise<void>}} = sessionPool.query('SELECT 1 FROM {{tableRef}} LIMIT 0').then(
  () => undefined,
  (error{{ts:: NodeJS.ErrnoException}}) => {
    throw error.code === '42P01' ? new Error('the session table is missing: {{migrateHint}}') : error;
  },
);
const pruneTimer = setInterval(() => {
  prune().catch((error{{ts:: Error}}) => console.error(`Session store: pruning expired sessions failed: ${error.message}`));
}, PRUNE_EVERY_MS);
pruneTimer.unref();

export const sessionStore{{ts:: SessionStore}} = {
  ready,

  async get(id) {
    await ready;
    const result = await sessionPool.query{{ts:<SessionRow>}}(
      'SELECT "sess", extract(epoch from "expire"::timestamptz) * 1000 AS "expires" FROM {{tableRef}} WHERE "sid" = $1 AND "expire" > to_timestamp($2)',
      [id, Date.now() / 1000],
    );
    const row = result.rows[0];
    return row ? { data: row.sess, expires: Number(row.expires) } : null;
  },

  async set(id, data, expires) {
    await ready;
    await sessionPool.query(
      'INSERT INTO {{tableRef}} ("sid", "sess", "expire") VALUES ($1, $2, to_timestamp($3)) ON CONFLICT ("sid") DO UPDATE SET "sess" = EXCLUDED."sess", "expire" = EXCLUDED."expire"',
      [id, JSON.stringify(data), expires / 1000],
    );
  },

  async destroy(id) {
    await ready;
    await sessionPool.query('DELETE FROM {{tableRef}} WHERE "sid" = $1', [id]);
  },

  prune,

  async close() {
    clearInterval(pruneTimer);
{{#create}}
    await sessionPool.end();
{{/create}}
  },
};

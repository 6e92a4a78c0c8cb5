// Session store written by session-kit (store: postgres). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
// Rows live in the "session" table that connect-pg-simple uses too, so one migration serves both.
{{clientImports}}
{{#typescript}}

export type SessionData = Record<string, unknown>;

export interface StoredSession {
  data: SessionData;
  /** Expiry in milliseconds since the epoch. */
  expires: number;
}

export interface SessionStore {
  /** Resolves once the table is there; rejects when the database cannot be reached. */
  ready: Promise<void>;
  get(id: string): Promise<StoredSession | null>;
  set(id: string, data: SessionData, expires: number): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Deletes expired rows (also runs on a timer); resolves to how many. */
  prune(): Promise<number>;
  close(): Promise<void>;
}

interface SessionRow {
  sess: SessionData;
  expires: number;
}
{{/typescript}}
{{#ownClient}}

function requireEnv(name{{ts:: string}}){{ts:: string}} {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set. session-kit wrote it to .env: start the app with \`node --env-file=.env\` (or load .env with dotenv).`);
  }
  return value;
}
{{/ownClient}}

{{clientSetup}}

// The same idempotent DDL as the migration, so the first start works before it has run.
const CREATE_TABLE = [
{{createTable}}
];
const PRUNE_EVERY_MS = 15 * 60 * 1000;

// "expire" is a timestamp without time zone: written with to_timestamp() and read back
// through ::timestamptz, both in the connection's time zone, as connect-pg-simple does.
async function prune(){{ts:: Promise<number>}} {
  const result = await pool.query('DELETE FROM {{table}} WHERE "expire" < to_timestamp($1)', [Date.now() / 1000]);
  return result.rowCount ?? 0;
}

async function createTable(){{ts:: Promise<void>}} {
  for (const statement of CREATE_TABLE) await pool.query(statement);
}

const ready = createTable();
const pruneTimer = setInterval(() => {
  prune().catch((error{{ts:: Error}}) => console.error(`Session store: pruning expired sessions failed: ${error.message}`));
}, PRUNE_EVERY_MS);
pruneTimer.unref();

export const sessionStore{{ts:: SessionStore}} = {
  ready,

  async get(id) {
    await ready;
    const result = await pool.query{{ts:<SessionRow>}}(
      'SELECT "sess", extract(epoch from "expire"::timestamptz) * 1000 AS "expires" FROM {{table}} WHERE "sid" = $1 AND "expire" > to_timestamp($2)',
      [id, Date.now() / 1000],
    );
    const row = result.rows[0];
    return row ? { data: row.sess, expires: Number(row.expires) } : null;
  },

  async set(id, data, expires) {
    await ready;
    await pool.query(
      'INSERT INTO {{table}} ("sid", "sess", "expire") VALUES ($1, $2, to_timestamp($3)) ON CONFLICT ("sid") DO UPDATE SET "sess" = EXCLUDED."sess", "expire" = EXCLUDED."expire"',
      [id, JSON.stringify(data), expires / 1000],
    );
  },

  async destroy(id) {
    await ready;
    await pool.query('DELETE FROM {{table}} WHERE "sid" = $1', [id]);
  },

  prune,

  async close() {
    clearInterval(pruneTimer);
{{#ownClient}}
    await pool.end();
{{/ownClient}}
  },
};

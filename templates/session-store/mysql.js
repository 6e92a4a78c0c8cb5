// Session store written by session-kit (store: mysql). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
// Rows live in the `sessions` table that express-mysql-session uses too, so one migration serves both.
{{#create}}
import mysql from 'mysql2/promise';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
{{#typescript}}
import type { RowDataPacket, ResultSetHeader } from 'mysql2/promise';

{{storeTypes}}

interface SessionRow extends RowDataPacket {
  data: string | null;
  expires: number;
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

const sessionPool = mysql.createPool(requireEnv('DATABASE_URL'));
{{/create}}
{{#reuse}}

// Sessions share the app's pool from {{clientSource}}.
{{reuseSetup}}
{{/reuse}}

const PRUNE_EVERY_MS = 15 * 60 * 1000;

// `expires` is in unix seconds, as express-mysql-session writes it. A row is expired once
// `expires <= now` (get serves only `expires > now`), so prune and get agree on the boundary second.
function seconds(ms{{ts:: number}}){{ts:: number}} {
  return Math.floor(ms / 1000);
}

async function prune(){{ts:: Promise<number>}} {
  const [result] = await sessionPool.query{{ts:<ResultSetHeader>}}('DELETE FROM `sessions` WHERE `expires` <= ?', [seconds(Date.now())]);
  return result.affectedRows;
}

// Check the database and the table at boot: a missing table would otherwise surface
// only when the first session is saved.
const ready{{ts:: Promise<void>}} = sessionPool.query('SELECT 1 FROM `sessions` LIMIT 0').then(
  () => undefined,
  (error{{ts:: NodeJS.ErrnoException}}) => {
    throw error.code === 'ER_NO_SUCH_TABLE' ? new Error('the session table is missing: {{migrateHint}}') : error;
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
    const [rows] = await sessionPool.query{{ts:<SessionRow[]>}}('SELECT `data`, `expires` FROM `sessions` WHERE `session_id` = ? AND `expires` > ?', [id, seconds(Date.now())]);
    const row = rows[0];
    return row && row.data !== null ? { data: JSON.parse(row.data), expires: row.expires * 1000 } : null;
  },

  async set(id, data, expires) {
    await ready;
    await sessionPool.query(
      'INSERT INTO `sessions` (`session_id`, `expires`, `data`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `expires` = VALUES(`expires`), `data` = VALUES(`data`)',
      [id, seconds(expires), JSON.stringify(data)],
    );
  },

  async destroy(id) {
    await ready;
    await sessionPool.query('DELETE FROM `sessions` WHERE `session_id` = ?', [id]);
  },

  prune,

  async close() {
    clearInterval(pruneTimer);
{{#create}}
    await sessionPool.end();
{{/create}}
  },
};

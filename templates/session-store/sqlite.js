// Session store written by session-kit (store: sqlite). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
// Rows live in the `sessions` table that connect-session-knex uses too, so one migration serves both.
import Database from 'better-sqlite3';
{{#typescript}}

{{storeTypes}}

interface SessionRow {
  sess: string;
  expired: string;
}
{{/typescript}}

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

const db = new Database(requireEnv('SESSION_SQLITE_FILE'));
// WAL lets readers run while a session is written.
db.pragma('journal_mode = WAL');

// Created here, as connect-session-knex does, with the same shape.
// `expired` holds ISO-8601 UTC text (as connect-session-knex writes it), which sorts by time.
const CREATE_TABLE = [
  'CREATE TABLE IF NOT EXISTS `sessions` (`sid` varchar(255) NOT NULL PRIMARY KEY, `sess` json NOT NULL, `expired` datetime NOT NULL)',
  'CREATE INDEX IF NOT EXISTS `sessions_expired_index` ON `sessions` (`expired`)',
];
const PRUNE_EVERY_MS = 15 * 60 * 1000;

function iso(ms{{ts:: number}}){{ts:: string}} {
  return new Date(ms).toISOString();
}

function openTable() {
  for (const statement of CREATE_TABLE) db.prepare(statement).run();
  return {
    get: db.prepare('SELECT `sess`, `expired` FROM `sessions` WHERE `sid` = ? AND `expired` > ?'),
    set: db.prepare('INSERT INTO `sessions` (`sid`, `sess`, `expired`) VALUES (?, ?, ?) ON CONFLICT (`sid`) DO UPDATE SET `sess` = excluded.`sess`, `expired` = excluded.`expired`'),
    destroy: db.prepare('DELETE FROM `sessions` WHERE `sid` = ?'),
    prune: db.prepare('DELETE FROM `sessions` WHERE `expired` <= ?'),
  };
}

// better-sqlite3 is synchronous: the table is created while the module loads.
const statements = openTable();

async function prune(){{ts:: Promise<number>}} {
  return statements.prune.run(iso(Date.now())).changes;
}

const pruneTimer = setInterval(() => {
  prune().catch((error{{ts:: Error}}) => console.error(`Session store: pruning expired sessions failed: ${error.message}`));
}, PRUNE_EVERY_MS);
pruneTimer.unref();

export const sessionStore{{ts:: SessionStore}} = {
  ready: Promise.resolve(),

  async get(id) {
    const row = statements.get.get(id, iso(Date.now())){{ts: as SessionRow | undefined}};
    return row ? { data: JSON.parse(row.sess), expires: Date.parse(row.expired) } : null;
  },

  async set(id, data, expires) {
    statements.set.run(id, JSON.stringify(data), iso(expires));
  },

  async destroy(id) {
    statements.destroy.run(id);
  },

  prune,

  async close() {
    clearInterval(pruneTimer);
    db.close();
  },
};

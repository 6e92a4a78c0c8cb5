//# imports
import Database from 'better-sqlite3';
//# setup
const db = new Database(requireEnv('SESSION_SQLITE_FILE'));
// WAL lets readers run while a session is written.
db.pragma('journal_mode = WAL');
//# shared

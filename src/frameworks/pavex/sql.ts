/**
 * The `sessions` table exactly as pavex_session_sqlx 0.2.x creates it in its own
 * `migrate()` (its `migration_query()`), so the store finds what it expects.
 */
import type { Dialect } from '../../stores/types.js';

export const SESSIONS_TABLE = 'sessions';

export const PAVEX_SESSION_SQL: Record<Dialect, { up: string; down: string }> = {
  postgres: {
    up: `-- Sessions for pavex_session_sqlx::postgres (same schema as PostgresSessionStore::migrate).
CREATE TABLE IF NOT EXISTS sessions (
    id UUID PRIMARY KEY,
    deadline TIMESTAMPTZ NOT NULL,
    state JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_sessions_deadline ON sessions(deadline);
`,
    down: `DROP TABLE IF EXISTS sessions;
`,
  },
  mysql: {
    up: `-- Sessions for pavex_session_sqlx::mysql (same schema as MySqlSessionStore::migrate).
CREATE TABLE IF NOT EXISTS sessions (
    id CHAR(36) PRIMARY KEY,
    deadline BIGINT NOT NULL,
    state JSON NOT NULL,
    INDEX idx_sessions_deadline (deadline)
);
`,
    down: `DROP TABLE IF EXISTS sessions;
`,
  },
  sqlite: {
    up: `-- Sessions for pavex_session_sqlx::sqlite (same schema as SqliteSessionStore::migrate).
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    deadline INTEGER NOT NULL,
    state JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_sessions_deadline ON sessions(deadline);
`,
    down: `DROP TABLE IF EXISTS sessions;
`,
  },
};

/**
 * sqlx-cli migrations in the project's existing folder and naming style:
 * `<version>_<name>.sql`, or `.up.sql`/`.down.sql` pairs when the folder uses them.
 * Timestamps follow the migrations' clock, which honours SOURCE_DATE_EPOCH.
 */
import type { PlanBuilder } from '../../core/plan.js';
import type { ProjectFiles } from '../../detect/project.js';
import type { Dialect } from '../../stores/types.js';
import { compactTimestamp, now as migrationClock } from '../../migrations/naming.js';
import type { MigrationStyle } from './detect.js';
import { PAVEX_SESSION_SQL, SESSIONS_TABLE } from './sql.js';

const NAME = 'create_sessions';

function nextVersion(style: MigrationStyle, now: Date): string {
  if (style.naming === 'timestamp') return compactTimestamp(now);
  const versions = style.files.map((f) => Number.parseInt(/^(\d+)_/.exec(f)?.[1] ?? '0', 10));
  return String(Math.max(0, ...versions) + 1).padStart(style.width, '0');
}

/** A migration in the folder that already creates the sessions table. */
export function existingSessionsMigration(files: ProjectFiles, style: MigrationStyle): string | null {
  for (const f of style.files) {
    if (/\.down\.sql$/.test(f)) continue;
    const text = files.read(`${style.dir}/${f}`) ?? '';
    if (/create\s+table\s+(if\s+not\s+exists\s+)?["`]?sessions["`]?\s*\(/i.test(text)) return `${style.dir}/${f}`;
  }
  return null;
}

export function planMigration(
  builder: PlanBuilder,
  files: ProjectFiles,
  style: MigrationStyle,
  dialect: Dialect,
  now = migrationClock(),
): string | null {
  if (existingSessionsMigration(files, style)) return null;
  const sql = PAVEX_SESSION_SQL[dialect];
  const base = `${style.dir}/${nextVersion(style, now)}_${NAME}`;
  const up = style.reversible ? `${base}.up.sql` : `${base}.sql`;
  builder.create(up, sql.up, `creates the ${SESSIONS_TABLE} table the ${dialect} session store uses`, 'migration');
  if (style.reversible) builder.create(`${base}.down.sql`, sql.down, `drops the ${SESSIONS_TABLE} table`, 'migration');
  builder.migration({ path: up, tool: 'sqlx', dialect, table: SESSIONS_TABLE });
  return up;
}

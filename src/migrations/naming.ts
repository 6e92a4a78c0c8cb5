/**
 * File names for new migrations in the style of the folder's existing ones:
 * Flyway `V3__name.sql`, numbered `0003_name.sql`, timestamped `20250101120000_name.sql`,
 * ISO-like `2025-01-01T12-00-00_name.ts`, `.up.sql`/`.down.sql` pairs.
 * The clock honours SOURCE_DATE_EPOCH so outputs can be reproduced.
 */

export function now(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 20250101120000 (UTC), the knex / dbmate / Rails style. */
export function compactTimestamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

export interface NamingStyle {
  /** The prefix of the next migration (e.g. "V4__", "0004_", "20250101120000_"). */
  prefix: string;
  /** Word separator of the description. */
  separator: '_' | '-';
  /** Up and down in two files (`name.up.sql` / `name.down.sql`). */
  pairs: boolean;
}

/** The naming style of `existing` file names (the newest decides); timestamps when there are none. */
export function namingStyle(existing: string[], date: Date, extension: string): NamingStyle {
  const files = existing.filter((f) => f.endsWith(extension)).sort();
  const pairs = files.some((f) => f.endsWith(`.up${extension}`));
  const last = files[files.length - 1];
  // The description's own separator; a one-word description follows the prefix's.
  const separatorOf = (rest: string, prefixSeparator = '_'): '_' | '-' => {
    const name = rest.replace(/\..*$/, '');
    if (name.includes('-') && !name.includes('_')) return '-';
    if (name.includes('_')) return '_';
    return prefixSeparator === '-' ? '-' : '_';
  };
  if (last) {
    const flyway = /^V(\d+)__(.*)$/.exec(last);
    if (flyway) {
      const next = Math.max(...files.map((f) => Number(/^V(\d+)__/.exec(f)?.[1] ?? 0))) + 1;
      return { prefix: `V${next}__`, separator: '_', pairs };
    }
    const iso = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})([_-])(.*)$/.exec(last);
    if (iso) {
      const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
      return { prefix: `${stamp}${iso[2]}`, separator: separatorOf(iso[3], iso[2]), pairs };
    }
    const numbered = /^(\d+)([_-])(.*)$/.exec(last);
    if (numbered && numbered[1].length < 10) {
      const width = numbered[1].length;
      const next = Math.max(...files.map((f) => Number(/^(\d+)/.exec(f)?.[1] ?? 0))) + 1;
      return { prefix: `${pad(next, width)}${numbered[2]}`, separator: separatorOf(numbered[3], numbered[2]), pairs };
    }
    if (numbered && numbered[1].length === 13) {
      return { prefix: `${date.getTime()}${numbered[2]}`, separator: separatorOf(numbered[3], numbered[2]), pairs };
    }
    if (numbered)
      return {
        prefix: `${compactTimestamp(date)}${numbered[2]}`,
        separator: separatorOf(numbered[3], numbered[2]),
        pairs,
      };
  }
  return { prefix: `${compactTimestamp(date)}_`, separator: '_', pairs };
}

export function migrationName(style: NamingStyle, words: string[]): string {
  return `${style.prefix}${words.join(style.separator)}`;
}

/** SQL text as the body of a JS template literal. */
export function jsTemplate(text: string): string {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}

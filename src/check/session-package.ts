/**
 * What a package.json says about sessions, read without loading check: check's quick
 * answer (quick-skip.ts) and the CLI's entry (startup/cache-name.ts) both use it.
 */
import { readFileSync } from 'node:fs';
import { parseJsonText } from '../edit/json-text.js';

/** Package names that bring sessions or session stores (the same families the rules read). */
export const SESSION_PACKAGE = /session|connect-redis|memorystore|connect-mongo|koa-redis/i;

/** The package names a package.json declares in any dependency list; null when it cannot be read. */
export function declaredPackageNames(packageJsonPath: string): string[] | null {
  try {
    const pkg = parseJsonText<Record<string, Record<string, string> | undefined>>(
      readFileSync(packageJsonPath, 'utf8'),
    );
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) =>
      Object.keys(pkg[key] ?? {}),
    );
  } catch {
    return null;
  }
}

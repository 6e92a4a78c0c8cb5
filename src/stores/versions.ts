/**
 * The one compatibility table: which major of a package to install for the
 * app's lowest supported Node major. Measured facts, see the node-sessions reference.
 */
interface VersionRule {
  /** Lowest Node major this range is for (inclusive); rules are checked newest first. */
  fromNode: number;
  range: string;
}

export const COMPATIBILITY: Record<string, VersionRule[]> = {
  // 13 needs Node 22 and segfaults on 20.
  'better-sqlite3': [
    { fromNode: 22, range: '^13.0.0' },
    { fromNode: 0, range: '^12.4.1' },
  ],
  // 10 needs Node 22; 9+ only supports the `redis` client >= 5. 11 is ESM only (no
  // `require` export), so CommonJS apps could not load it: not chosen.
  'connect-redis': [
    { fromNode: 22, range: '^10.0.0' },
    { fromNode: 0, range: '^9.0.0' },
  ],
};

export function versionFor(name: string, nodeMajor: number, fallback: string): string {
  const rules = COMPATIBILITY[name];
  if (!rules) return fallback;
  return (rules.find((rule) => nodeMajor >= rule.fromNode) ?? rules[rules.length - 1]).range;
}

/** Cargo version lines: crates below 1.0 break at every minor, so `0.8` names a compatible line. */

/** `0.8` from `0.8.9`, `^0.8`, `=0.8.1`; null when there is no version. */
export function minorLine(version: string | null): string | null {
  const m = /(\d+)\.(\d+)/.exec(version ?? '');
  return m ? `${m[1]}.${m[2]}` : null;
}

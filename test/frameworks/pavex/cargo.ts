/**
 * Running cargo from tests: one shared target dir outside the repo, and the
 * CI rule: outside CI a missing cargo or unreachable crates.io skips (saying
 * why); with CI=true it fails.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export const CARGO_TARGET_DIR = process.env.CARGO_TARGET_DIR ?? '/work/.cargo-target';

export function cargo(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 20 * 60_000,
): SpawnSyncReturns<string> {
  // PX_* from the developer's shell must not leak into configuration tests.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PX_'))) as Record<
    string,
    string
  >;
  return spawnSync('cargo', args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...base, CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never', ...env },
  });
}

let status: Promise<string | null> | null = null;

/** null when cargo runs and crates.io answers; else the reason (throws in CI). */
export function cargoStatus(): Promise<string | null> {
  status ??= (async () => {
    let reason: string | null = null;
    const version = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) reason = 'cargo is not installed';
    else {
      const info = cargo(['info', 'pavex_session@0.2.10'], process.cwd(), {}, 120_000);
      if (info.status !== 0)
        reason = `crates.io is not reachable (cargo info failed: ${(info.stderr ?? '').trim().split('\n').pop()})`;
    }
    if (reason && process.env.CI === 'true') throw new Error(`${reason}; CI requires cargo and crates.io`);
    return reason;
  })();
  return status;
}

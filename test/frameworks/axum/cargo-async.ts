/**
 * cargo without blocking the test worker: a build of several minutes under spawnSync
 * keeps vitest's worker from answering its runner ("Timeout calling onTaskUpdate").
 * Same environment as pavex/cargo.ts (shared CARGO_TARGET_DIR, no colour).
 */
import { execa } from 'execa';
import { CARGO_TARGET_DIR } from '../pavex/cargo.js';

export async function cargoAsync(
  args: string[],
  cwd: string,
  timeoutMs = 20 * 60_000,
): Promise<{ status: number | null; stderr: string }> {
  const result = await execa('cargo', args, {
    cwd,
    reject: false,
    timeout: timeoutMs,
    env: { CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never' },
  });
  return { status: result.exitCode ?? null, stderr: result.stderr };
}

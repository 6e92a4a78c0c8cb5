/**
 * End to end on another Node line: the app declares the line (engines.node in its copy,
 * as a user's app would), and every child of the flow (the built CLI, npm and the native
 * builds it runs, tsc, the app) runs on that line's node (scripts/node-lines.mjs).
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ensureNodeLine, nodeLineEnv } from '../../scripts/node-lines.mjs';

export { APP_NODE_LINES, NODE_LINES } from '../../scripts/node-lines.mjs';

export const RUNNING_NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/** The Node major the app declares and runs on: the line, else the running Node's. */
export function appNodeMajor(line: number | undefined): number {
  return line ?? RUNNING_NODE_MAJOR;
}

/** Environment for the flow's children: the line's node first on PATH (nothing for the running Node). */
export function childEnv(line: number | undefined): Record<string, string> {
  return line === undefined ? {} : nodeLineEnv(line);
}

/** The real path of the line's node binary, to compare with a running process's /proc/<pid>/exe. */
export function nodeBinary(line: number): string {
  return realpathSync(ensureNodeLine(line));
}

/** Makes the app copy declare the line: `engines.node`, which session-kit reads before .nvmrc. */
export function declareNodeLine(dir: string, line: number): void {
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  pkg.engines = { ...((pkg.engines as Record<string, string> | undefined) ?? {}), node: `>=${line}` };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Fails unless `node` as the children find it is the line's. */
export async function assertChildNode(line: number): Promise<void> {
  const { stdout } = await execa('node', ['-p', 'process.execPath'], { env: childEnv(line) });
  if (realpathSync(stdout.trim()) !== nodeBinary(line))
    throw new Error(`children would run ${stdout.trim()}, not Node ${line}`);
}

/** Whether a version or caret range has the major of a caret range (`^13.0.0`). */
export function sameMajor(versionOrRange: string | undefined, caret: string): boolean {
  const major = (text: string) => /\d+/.exec(text)?.[0];
  return versionOrRange !== undefined && major(versionOrRange) !== undefined && major(versionOrRange) === major(caret);
}

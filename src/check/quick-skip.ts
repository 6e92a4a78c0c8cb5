/**
 * The cheapest answer `check` can give: a Node project whose package.json (or its
 * workspace root's) declares no session package and that has no session-kit manifest
 * has no session setup to read, so neither framework detection nor a parser is loaded.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../core/manifest.js';
import { selfCommand } from '../core/self-command.js';
import { declaredPackageNames, SESSION_PACKAGE } from './session-package.js';

/** A one-sentence reason when the project certainly has no session setup, else null. */
export function noSessionReason(root: string, workspaceRoot: string | null): string | null {
  if (existsSync(path.join(root, MANIFEST_FILE))) return null;
  const manifests = [
    path.join(root, 'package.json'),
    ...(workspaceRoot && workspaceRoot !== root ? [path.join(workspaceRoot, 'package.json')] : []),
  ];
  for (const file of manifests) {
    if (!existsSync(file)) continue;
    const names = declaredPackageNames(file);
    // An unreadable package.json: full detection reports it.
    if (names === null || names.some((name) => SESSION_PACKAGE.test(name))) return null;
  }
  return `no session setup found (package.json declares no session package): run \`${selfCommand('add', { root })}\` to set one up`;
}

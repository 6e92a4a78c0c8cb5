/**
 * The cheapest answer `check` can give: a Node project whose package.json (or its
 * workspace root's) declares no session package and that has no session-kit manifest
 * has no session setup to read, so neither framework detection nor a parser is loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseJsonText } from '../edit/json-text.js';
import { MANIFEST_FILE } from '../core/manifest.js';
import { selfCommand } from '../core/self-command.js';

import { SESSION_PACKAGE } from './session-package.js';

function declaredNames(packageJsonPath: string): string[] | null {
  try {
    const pkg = parseJsonText<Record<string, Record<string, string> | undefined>>(
      readFileSync(packageJsonPath, 'utf8'),
    );
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) =>
      Object.keys(pkg[key] ?? {}),
    );
  } catch {
    // Unreadable package.json: let full detection report it.
    return null;
  }
}

/** A one-sentence reason when the project certainly has no session setup, else null. */
export function noSessionReason(root: string, workspaceRoot: string | null): string | null {
  if (existsSync(path.join(root, MANIFEST_FILE))) return null;
  const manifests = [
    path.join(root, 'package.json'),
    ...(workspaceRoot && workspaceRoot !== root ? [path.join(workspaceRoot, 'package.json')] : []),
  ];
  for (const file of manifests) {
    if (!existsSync(file)) continue;
    const names = declaredNames(file);
    if (names === null || names.some((name) => SESSION_PACKAGE.test(name))) return null;
  }
  return `no session setup found (package.json declares no session package): run \`${selfCommand('add', { root })}\` to set one up`;
}

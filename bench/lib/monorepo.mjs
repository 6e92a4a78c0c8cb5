/**
 * Generates an npm-workspaces monorepo of N copies of one app, for timing
 * `session-kit check` at the workspace root as the number of apps grows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** apps/app-0001 … apps/app-NNNN: zero-padded so directory order is numeric order. */
export function appDirName(index, count) {
  return `app-${String(index + 1).padStart(Math.max(4, String(count).length), '0')}`;
}

/**
 * Writes the workspace root (package.json with `workspaces: ["apps/*"]` and an
 * npm lockfile) and `count` apps under apps/, each a copy of `appFiles`
 * ({ relativePath: text }) whose package.json gets a unique name.
 * Returns the absolute app directories in order.
 */
export function generateMonorepo(root, count, appFiles) {
  if (!Number.isInteger(count) || count < 1) throw new Error(`app count must be a positive integer, got ${count}`);
  if (!('package.json' in appFiles)) throw new Error('the app template needs a package.json');
  const templatePkg = JSON.parse(appFiles['package.json']);
  mkdirSync(root, { recursive: true });
  const rootPkg = { name: `bench-monorepo-${count}`, private: true, workspaces: ['apps/*'] };
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(rootPkg, null, 2)}\n`);
  writeFileSync(
    path.join(root, 'package-lock.json'),
    `${JSON.stringify({ name: rootPkg.name, lockfileVersion: 3, requires: true, packages: {} }, null, 2)}\n`,
  );
  const dirs = [];
  for (let i = 0; i < count; i++) {
    const name = appDirName(i, count);
    const dir = path.join(root, 'apps', name);
    for (const [rel, text] of Object.entries(appFiles)) {
      const target = path.join(dir, rel);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, rel === 'package.json' ? `${JSON.stringify({ ...templatePkg, name }, null, 2)}\n` : text);
    }
    dirs.push(dir);
  }
  return dirs;
}

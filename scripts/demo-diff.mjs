/**
 * The demo's "what changed" diff: git's own (colours, word layout), with the example's
 * original file named by its own name in the headers instead of its absolute path in
 * the clone (`a/server.js`, not `a/home/me/session-kit/examples/express-app/server.js`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function demoDiff(original, file, cwd, color = true) {
  const result = spawnSync(
    'git',
    ['--no-pager', 'diff', '--no-index', `--color=${color ? 'always' : 'never'}`, original, file],
    { cwd, encoding: 'utf8' },
  );
  const absolute = path.resolve(original).replace(/^\//, '');
  return (result.stdout ?? '').split(absolute).join(path.basename(file));
}

// Runs a representative part of the in-process suite and the built-CLI tests on every
// Node line of scripts/node-lines.mjs other than the running one (which `npm test` covers):
// vitest itself runs on the line's node, and that node comes first on PATH, so every
// child the tests spawn (the built CLI, `node -e`) runs on it too.
//   node scripts/test-node-lines.mjs            every other line
//   node scripts/test-node-lines.mjs 24 26      those lines
// Needs `npm run build` first (the built-CLI tests) and the databases of the README's "Tests".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_LINES, nodeLineEnv } from './node-lines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What runs on every line: add on every Node framework, check, remove, migrate, detection, the built entry and its code cache. */
export const NODE_LINE_TESTS = [
  'test/frameworks/pairs.test.ts',
  'test/frameworks/pavex/check.test.ts',
  'test/frameworks/pavex/check-quick-parser.test.ts',
  'test/check/rules.test.ts',
  'test/check/frameworks.test.ts',
  'test/detect/detect.test.ts',
  'test/core/apply.test.ts',
  'test/edit/rust/wasm-baseline.test.ts',
  'test/startup/entry.test.ts',
  'test/commands/add.test.ts',
  'test/commands/check.test.ts',
  'test/commands/remove.test.ts',
  'test/commands/migrate.test.ts',
  'test/commands/compile-cache.test.ts',
];

// vitest takes its arguments as filters: a file moved away would silently not run.
const missing = NODE_LINE_TESTS.filter((file) => !existsSync(path.join(root, file)));
if (missing.length) {
  console.error(`scripts/test-node-lines.mjs lists test files that do not exist: ${missing.join(', ')}`);
  process.exit(2);
}

const running = Number(process.versions.node.split('.')[0]);
const lines =
  process.argv.length > 2 ? process.argv.slice(2).map(Number) : NODE_LINES.filter((major) => major !== running);
const failed = [];
for (const major of lines) {
  const env = { ...process.env, ...nodeLineEnv(major) };
  // The node the tests and their children get, asked the way they ask for it.
  const version = execFileSync('node', ['-p', 'process.versions.node'], { env, encoding: 'utf8' }).trim();
  if (Number(version.split('.')[0]) !== major) throw new Error(`PATH gave Node ${version}, not Node ${major}`);
  console.log(`\n== Node ${version}: ${NODE_LINE_TESTS.length} test files`);
  const started = Date.now();
  const result = spawnSync('node', [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...NODE_LINE_TESTS], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  console.log(
    `== Node ${version}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (result.status !== 0) failed.push(version);
}
if (failed.length) {
  console.error(`Tests failed on Node ${failed.join(', ')}`);
  process.exit(1);
}

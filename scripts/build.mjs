// Bundles the CLI into dist/: one small entry (src/entry.ts → dist/cli.js) plus
// lazily loaded chunks: the commander program, each command, each heavy dependency.
// Dependencies are bundled too: Node then reads a few files instead of resolving
// dozens of packages, and never runs its CommonJS export scanner (cjs-module-lexer)
// over @babel/parser or commander, which cost more than the rest of start-up.
// Packages that load a .wasm file next to their own module stay external.
// The new dist/ is built aside and swapped in, so a CLI run during a build sees
// either the old or the new bundle, never half of one.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const EXTERNAL = ['web-tree-sitter', '@rainbowatcher/toml-edit-js'];
// Answered by src/entry.ts without loading commander, with the exact text commander printed for them.
const FAST_PATH = { anyWidth: ['--version', '-v'], width80: ['--help', '-h', 'help'] };

/**
 * `await import('pkg')` of a bundled package must give what Node gives: every
 * named export plus `default`. esbuild's split chunk of a CommonJS package
 * exports only `default` (so `(await import('@babel/parser')).parse` would be
 * undefined). Each dynamically imported package is therefore reached through a
 * small ESM module that re-exports, by name, the exports Node itself reports.
 */
const dynamicImportNamespaces = {
  name: 'dynamic-import-namespaces',
  setup(b) {
    b.onResolve({ filter: /^[@a-z]/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.path.startsWith('node:') || EXTERNAL.includes(args.path)) return undefined;
      return { path: `${args.path}.mjs`, namespace: 'node-namespace', pluginData: { specifier: args.path, resolveDir: args.resolveDir } };
    });
    b.onLoad({ filter: /.*/, namespace: 'node-namespace' }, async (args) => {
      const { specifier, resolveDir } = args.pluginData;
      const keys = Object.keys(await import(specifier));
      const named = keys.filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n)).map((n) => `export const ${n} = ns.${n};`);
      if (keys.includes('default')) named.push('export default ns.default;');
      return { contents: `import * as ns from ${JSON.stringify(specifier)};\n${named.join('\n')}\n`, loader: 'js', resolveDir };
    });
  },
};

const staging = new URL(`dist.build-${process.pid}/`, root);
const retired = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL('dist/', root);

const options = (define) => ({
  entryPoints: { cli: 'src/entry.ts' },
  outdir: fileURLToPath(staging),
  absWorkingDir: fileURLToPath(root),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // ESM builds first: jsonc-parser's UMD main hides its requires from the bundler.
  mainFields: ['module', 'main'],
  // Bundled CommonJS calls require() for Node built-ins; ESM has none of its own.
  banner: { js: "import { createRequire as __skCreateRequire } from 'node:module';\nconst require = __skCreateRequire(import.meta.url);" },
  minify: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // .mjs: Node knows a chunk is ESM from its name, without looking for the package.json
  // scope of every chunk it loads (~3 ms on check). The entry is renamed to dist/cli.js.
  outExtension: { '.js': '.mjs' },
  define: { SESSION_KIT_VERSION: JSON.stringify(pkg.version), ...define },
  plugins: [dynamicImportNamespaces],
  logLevel: 'warning',
});

/** What commander prints for each fast-path argument (stdout piped: 80 columns); only clean exits are kept. */
function captureFastOutput() {
  const out = { anyWidth: {}, width80: {} };
  for (const [kind, args] of Object.entries(FAST_PATH)) {
    for (const arg of args) {
      const r = spawnSync(process.execPath, [fileURLToPath(new URL('cli.mjs', staging)), arg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (r.status === 0 && r.stderr === '' && r.stdout !== '') out[kind][arg] = r.stdout;
    }
  }
  return out;
}

try {
  // Pass 1 runs the real commander program to capture --version/--help; pass 2 embeds them.
  await build(options({}));
  const fastOutput = captureFastOutput();
  rmSync(staging, { recursive: true, force: true });
  // A string, not an object: esbuild would put an object define in a chunk of its own.
  await build(options({ SESSION_KIT_FAST_OUTPUT: JSON.stringify(JSON.stringify(fastOutput)) }));
  renameSync(new URL('cli.mjs', staging), new URL('cli.js', staging));
  if (existsSync(dist)) renameSync(dist, retired);
  renameSync(staging, dist);
} finally {
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
}

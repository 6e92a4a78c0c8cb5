// Builds the CLI into dist/:
//   dist/cli.cjs         the entry (src/entry.ts), a few kilobytes of CommonJS that
//                        answers --version/--help itself and runs one of the bundles;
//   dist/check-<hash>.cjs  plain `session-kit check` (src/bundles/check.ts);
//   dist/main-<hash>.cjs   everything else: the commander program and every command.
// Bundles are CommonJS with every dependency inside, run by the entry as vm scripts
// with V8's code cache (src/startup/run-bundle.ts); the content hash in their names
// keys that cache. Code reached through import() inside a bundle is only evaluated
// when that import runs. Nothing stays outside: web-tree-sitter is bundled and its
// .wasm is copied beside the bundles, so the package has no runtime dependency. A bare
// import() of an unbundled package would fail in a bundle (a vm script resolves none).
// The new dist/ is built aside and swapped in, so a CLI run during a build sees
// either the old or the new bundle, never half of one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
/** web-tree-sitter's CommonJS build: its ES build imports Node built-ins with import(), which a vm script cannot. */
const treeSitterCommonJs = {
  name: 'web-tree-sitter-commonjs',
  setup(b) {
    b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({
      path: fileURLToPath(new URL('node_modules/web-tree-sitter/tree-sitter.cjs', root)),
    }));
  },
};
/**
 * commander requires node:child_process (which loads net, stream and dgram: about 8M
 * instructions) when it loads, for executable subcommands session-kit does not have;
 * here it is required on first use. The build fails if commander's line changes.
 */
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(eager)) throw new Error(`${args.path}: commander no longer has the line ${eager}`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};
// Answered by src/entry.ts without loading commander, with the exact text commander printed for them.
const FAST_PATH = { anyWidth: ['--version', '-v'], width80: ['--help', '-h', 'help'] };

const staging = new URL(`dist.build-${process.pid}/`, root);
const retired = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL('dist/', root);

const common = {
  absWorkingDir: fileURLToPath(root),
  outdir: fileURLToPath(staging),
  bundle: true,
  platform: 'node',
  target: 'node20',
  // ESM builds first: jsonc-parser's UMD main hides its requires from the bundler.
  mainFields: ['module', 'main'],
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};
const version = JSON.stringify(pkg.version);

/** The two CommonJS bundles; returns their file names ({ check, main }). */
async function buildBundles() {
  const result = await build({
    ...common,
    entryPoints: { check: 'src/bundles/check.ts', main: 'src/bundles/main.ts' },
    entryNames: '[name]-[hash]',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // Less source to read and keep in memory (about 2 MB of RSS on a Pavex check);
    // identifiers stay, so stack traces (SESSION_KIT_DEBUG=1) still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [treeSitterCommonJs, lazyCommanderChildProcess],
    // The sources are ES modules; in a CommonJS bundle import.meta.url is the bundle's own URL.
    define: { SESSION_KIT_VERSION: version, 'import.meta.url': '__sessionKitModuleUrl' },
    // Each bundle is one function expression with Node's CommonJS wrapper parameters
    // (src/startup/run-bundle.ts compiles it as it is:
    // wrapping it at run time would copy 1-2 MB of source on every start).
    banner: {
      js: "(function (exports, require, module, __filename, __dirname) {\n'use strict';\nvar __sessionKitModuleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    footer: { js: '})' },
  });
  const names = {};
  const inputs = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const kind = output.entryPoint && path.basename(output.entryPoint, '.ts');
    if (!kind) continue;
    names[kind] = path.basename(file);
    inputs[names[kind]] = Object.keys(output.inputs).sort();
  }
  if (!names.check || !names.main) throw new Error(`bundles missing from the build: ${JSON.stringify(names)}`);
  // web-tree-sitter's runtime wasm beside the bundles, so a run reads it without resolving the package.
  copyFileSync(new URL('node_modules/web-tree-sitter/tree-sitter.wasm', root), new URL('tree-sitter.wasm', staging));
  // esbuild escapes non-ASCII text in strings but not in regular expression literals. One
  // such character makes V8 hold the whole bundle as a two-byte string (twice the memory,
  // a slower read): write it as \u escapes in the source.
  for (const name of Object.values(names)) {
    const text = readFileSync(new URL(name, staging), 'latin1');
    const at = text.search(/[^\x00-\x7f]/);
    if (at !== -1)
      throw new Error(
        `${name} holds a non-ASCII character near: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 10))}`,
      );
  }
  // What each bundle holds, for the tests that keep the check bundle small.
  writeFileSync(new URL('bundle-inputs.json', staging), `${JSON.stringify(inputs, null, 2)}\n`);
  return names;
}

/** The entry, told the bundles' names and, in the second pass, the captured --version/--help text. */
async function buildEntry(bundles, fastOutput) {
  await build({
    ...common,
    entryPoints: { cli: 'src/entry.ts' },
    // CommonJS: an ES module entry would make Node start its ES module loader (a few ms).
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // A string, not an object: esbuild would inline an object define at every use.
    define: {
      SESSION_KIT_VERSION: version,
      SESSION_KIT_BUNDLES: JSON.stringify(JSON.stringify(bundles)),
      ...(fastOutput ? { SESSION_KIT_FAST_OUTPUT: JSON.stringify(JSON.stringify(fastOutput)) } : {}),
    },
  });
}

/** What commander prints for each fast-path argument (stdout piped: 80 columns); only clean exits are kept. */
function captureFastOutput() {
  const out = { anyWidth: {}, width80: {} };
  const env = { ...process.env, SESSION_KIT_COMPILE_CACHE: '0' };
  for (const [kind, args] of Object.entries(FAST_PATH)) {
    for (const arg of args) {
      const r = spawnSync(process.execPath, [fileURLToPath(new URL('cli.cjs', staging)), arg], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (r.status === 0 && r.stderr === '' && r.stdout !== '') out[kind][arg] = r.stdout;
    }
  }
  return out;
}

try {
  const bundles = await buildBundles();
  // Pass 1 runs the real commander program to capture --version/--help; pass 2 embeds them.
  await buildEntry(bundles, null);
  await buildEntry(bundles, captureFastOutput());
  if (existsSync(dist)) renameSync(dist, retired);
  renameSync(staging, dist);
} finally {
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
}

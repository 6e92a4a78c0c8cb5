/**
 * The CLI's entry (dist/cli.cjs, a few kilobytes of CommonJS: an ES module entry
 * would make Node start its ES module loader, a few ms on every run). `--version`
 * and `--help` are answered from the text commander itself printed for them at build
 * time (scripts/build.mjs captures it), so they cost no more than a bare `node`
 * start. Plain `check` arguments run the check bundle; everything else runs the main
 * bundle (the commander program in cli.ts, which loads each command as it runs).
 * Bundles are CommonJS files run with V8's code cache (startup/run-bundle.ts).
 * Help text is wrapped to the terminal width, so the captured help (80 columns,
 * commander's width when stdout is not a terminal) is used only at that width.
 */
import path from 'node:path';
import { fastCheckArgs } from './check/args.js';
import { codeCacheName } from './startup/cache-name.js';
import { loadBundle } from './startup/run-bundle.js';

/** JSON of FastOutput, defined by the build; absent when running from source. */
declare const SESSION_KIT_FAST_OUTPUT: string | undefined;
/** JSON of the bundle file names in dist/ ({ check, main }), defined by the build. */
declare const SESSION_KIT_BUNDLES: string;

interface FastOutput {
  /** argv (one argument) → stdout, whatever the terminal. */
  anyWidth: Record<string, string>;
  /** argv (one argument) → stdout, when commander would wrap at 80 columns. */
  width80: Record<string, string>;
}

function fastOutput(args: string[]): string | undefined {
  if (typeof SESSION_KIT_FAST_OUTPUT !== 'string' || args.length !== 1) return undefined;
  const [arg] = args;
  const fast = JSON.parse(SESSION_KIT_FAST_OUTPUT) as FastOutput;
  if (Object.hasOwn(fast.anyWidth, arg)) return fast.anyWidth[arg];
  // Before process.stdout is touched: building its stream costs every other command a few ms.
  if (!Object.hasOwn(fast.width80, arg)) return undefined;
  // Commander wraps help to the terminal's columns, and to 80 when stdout is not a terminal.
  const width = (process.stdout.isTTY ? process.stdout.columns : undefined) ?? 80;
  return width === 80 ? fast.width80[arg] : undefined;
}

const argv = process.argv.slice(2);
const text = fastOutput(argv);
if (text !== undefined) process.stdout.write(text);
else {
  const bundles = JSON.parse(SESSION_KIT_BUNDLES) as { check: string; main: string };
  // `check` runs in every CI job and pre-commit hook: its plain forms skip commander.
  const plainCheck = fastCheckArgs(argv) !== null;
  const file = plainCheck ? bundles.check : bundles.main;
  const run = async () => loadBundle(path.join(__dirname, file), codeCacheName(argv)).main(argv);
  run().catch((error: unknown) => {
    // Bundles report their own failures; this is a broken install (a bundle missing or damaged).
    process.stderr.write(`session-kit: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 2;
  });
}

/**
 * The CLI's entry. `--version` and `--help` are answered from the text commander
 * itself printed for them at build time (scripts/build.mjs captures it), so they
 * cost no more than a bare `node` start; every other invocation loads the
 * commander program in cli.ts, which loads each command's code only when it runs.
 * Help text is wrapped to the terminal width, so the captured help (80 columns,
 * commander's width when stdout is not a terminal) is used only at that width.
 */
/** JSON of FastOutput, defined by the build; absent when running from source. */
declare const SESSION_KIT_FAST_OUTPUT: string | undefined;

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
  // Commander wraps help to the terminal's columns, and to 80 when stdout is not a terminal.
  const width = (process.stdout.isTTY ? process.stdout.columns : undefined) ?? 80;
  if (width === 80 && Object.hasOwn(fast.width80, arg)) return fast.width80[arg];
  return undefined;
}

const text = fastOutput(process.argv.slice(2));
if (text !== undefined) process.stdout.write(text);
else {
  // `check` runs in every CI job and pre-commit hook: its plain forms skip commander.
  const { fastCheckArgs } = await import('./check/args.js');
  const checkArgs = fastCheckArgs(process.argv.slice(2));
  if (checkArgs) await (await import('./commands/run.js')).runCommand('check', checkArgs);
  else await import('./cli.js');
}

/**
 * The commander program, loaded by entry.ts (which answers --version/--help
 * itself). Kept tiny: commander and the version only; every command's code
 * (parsers, prompts, installers) is loaded when that command runs.
 */
import { Command, Option } from 'commander';
import { runCommand } from './commands/run.js';
import { STORE_IDS } from './stores/types.js';

declare const SESSION_KIT_VERSION: string;
const version = typeof SESSION_KIT_VERSION === 'string' ? SESSION_KIT_VERSION : '0.0.0-dev';

const program = new Command()
  .name('session-kit')
  .description(
    'Install server-side sessions into an existing web project, and check in CI that they stay wired in the right order.',
  )
  .version(version, '-v, --version')
  .showHelpAfterError('(run with --help for usage)')
  // Usage errors exit 2 like every refusal (commander's own default is 1, which means "check found problems").
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

program
  .command('add')
  .description(
    'Detect the framework, install the session packages, wire the session hooks in order and write the migration.',
  )
  .addOption(new Option('--store <store>', 'session store').choices(STORE_IDS))
  .option(
    '--framework <id>',
    'framework to use instead of detecting it, by id (e.g. express; an unknown id is answered with the list)',
  )
  .option('--cwd <dir>', 'directory of the app', '.')
  .option('--dry-run', 'print the plan (diffs, install command, env keys) and write nothing')
  .option('--json', 'print the plan or the result as JSON')
  .option('-y, --yes', 'do not ask for confirmation')
  .option('--no-install', 'do not run the package manager (print the command instead)')
  .addOption(
    new Option('--package-manager <pm>', 'package manager to use instead of detecting it').choices([
      'npm',
      'pnpm',
      'yarn',
      'bun',
    ]),
  )
  .option('--fix-order', 'repair a session setup registered in the wrong order instead of refusing')
  .option('--load-env', 'make the start scripts load .env (--env-file=.env, or dotenv in the entry) without asking')
  .option('--no-load-env', 'leave the start scripts as they are; a next step says how to load .env')
  .action((options) => runCommand('add', options));

program
  .command('info')
  .description('Print what session-kit detects in the project, and why.')
  .option('--cwd <dir>', 'directory of the app', '.')
  .option('--json', 'print as JSON')
  .action((options) => runCommand('info', options));

program
  .command('check')
  .description('Statically check the session setup (order, missing pieces, secrets, cookie options); for CI.')
  .argument('[paths...]', 'apps or files to check (default: the project, or every workspace app)')
  .option('--cwd <dir>', 'directory of the project', '.')
  .addOption(
    new Option('--format <format>', 'output format').choices(['text', 'json', 'github', 'sarif']).default('text'),
  )
  .option('--strict', 'warnings also fail (exit 1)')
  .option('--fix', 'apply the safe repairs (saveUninitialized: false, trust the proxy) with a preview, like add')
  .option('--dry-run', 'with --fix: show the repairs as a diff and write nothing')
  .option('-y, --yes', 'with --fix: apply without asking')
  .option('--json', 'with --fix: print the plan or the result as JSON')
  .action((paths, options) => runCommand(options.fix ? 'check-fix' : 'check', { ...options, paths }));

program
  .command('remove')
  .description('Undo `add`: take out exactly what it inserted and uninstall its packages (keeps .env and migrations).')
  .option('--cwd <dir>', 'directory of the app', '.')
  .option('--dry-run', 'print the plan and write nothing')
  .option('--json', 'print the plan or the result as JSON')
  .option('-y, --yes', 'do not ask for confirmation')
  .option('--no-install', 'do not run the package manager to uninstall')
  .action((options) => runCommand('remove', options));

program
  .command('migrate')
  .description('Apply the generated session table SQL, for projects without a migration tool.')
  .option('--cwd <dir>', 'directory of the app', '.')
  .option('--database-url <url>', 'database URL (default: DATABASE_URL from the environment or .env)')
  .option('--dry-run', 'print what would be created and change nothing')
  .option('-y, --yes', 'do not ask for confirmation')
  .action((options) => runCommand('migrate', options));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`session-kit: ${(error as Error).message}\n`);
  process.exitCode = 2;
});

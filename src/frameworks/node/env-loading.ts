/**
 * Does the app already load .env? If not, next steps say how; the generated
 * code fails fast naming the variable either way.
 */
import { startFileFor } from '../../detect/entry.js';
import type { Project } from '../../detect/project.js';
import { hasDependency } from '../../detect/project.js';

export function loadsDotEnv(project: Project, setupText: string): boolean {
  const scripts = Object.values(project.packageJson?.scripts ?? {}).join('\n');
  if (/--env-file/.test(scripts)) return true;
  if (/dotenv\/config|loadEnvFile|dotenv\.config|@dotenvx|ConfigModule\.forRoot/.test(setupText)) return true;
  return (
    ['dotenv', '@dotenvx/dotenvx', 'dotenv-flow'].some((name) => hasDependency(project.packageJson, name)) &&
    /dotenv/.test(setupText)
  );
}

/**
 * How to load .env, said for this app: the start script with --env-file when it runs
 * `node`, else the command to use, or dotenv as the alternative. Both name the file
 * that starts the app (main, the start script's file), which may import the setup file.
 */
export function dotEnvNextStep(project: Project, setupFile: string): string {
  const start = project.packageJson?.scripts?.start;
  const withEnvFile =
    start && /(?:^|\s)node\s/.test(start) ? start.replace(/(^|\s)node\s/, '$1node --env-file=.env ') : null;
  const startFile = startFileFor(project.files, project.packageJson, setupFile);
  const typescript = /\.[cm]?tsx?$/.test(startFile);
  const how = withEnvFile
    ? `change the start script to \`${withEnvFile}\``
    : typescript
      ? 'add `--env-file=.env` to the `node` command that runs the built app'
      : `run it with \`node --env-file=.env ${startFile}\``;
  const dotenv = typescript || project.moduleSystem === 'esm' ? "import 'dotenv/config'" : "require('dotenv/config')";
  return `Load .env before the app starts: ${how} (Node 20.6+), or install dotenv and add \`${dotenv}\` as the first line of ${startFile}.`;
}

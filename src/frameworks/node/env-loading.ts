/**
 * Does the app already load .env? If not, next steps say how; the generated
 * code fails fast naming the variable either way.
 */
import type { Project } from '../../detect/project.js';
import { hasDependency } from '../../detect/project.js';

export function loadsDotEnv(project: Project, setupText: string): boolean {
  const scripts = Object.values(project.packageJson?.scripts ?? {}).join('\n');
  if (/--env-file/.test(scripts)) return true;
  if (/dotenv\/config|loadEnvFile|dotenv\.config|@dotenvx|ConfigModule\.forRoot/.test(setupText)) return true;
  return ['dotenv', '@dotenvx/dotenvx', 'dotenv-flow'].some((name) => hasDependency(project.packageJson, name)) && /dotenv/.test(setupText);
}

export function dotEnvNextStep(project: Project, setupFile: string): string {
  const nodeMajor = project.node?.major ?? 20;
  return `Load .env before the app starts: run it with \`node --env-file=.env ${setupFile.replace(/\.ts$/, '.js')}\`${nodeMajor >= 20 ? ` (Node ${nodeMajor} supports --env-file)` : ''}, or add \`import 'dotenv/config'\` at the top of ${setupFile}.`;
}

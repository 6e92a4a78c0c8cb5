/**
 * Signs that a project is deployed: a container, a platform manifest, a process
 * manager, or a start script with NODE_ENV=production. Read from file names and
 * package.json only.
 */
import { ProjectFiles, type Project } from '../detect/project.js';

const DEPLOY_FILES: [string, string][] = [
  ['Dockerfile', 'a Dockerfile'],
  ['Containerfile', 'a Containerfile'],
  ['Procfile', 'a Procfile'],
  ['fly.toml', 'fly.toml'],
  ['render.yaml', 'render.yaml'],
  ['app.yaml', 'app.yaml (App Engine)'],
  ['railway.json', 'railway.json'],
  ['railway.toml', 'railway.toml'],
  ['vercel.json', 'vercel.json'],
  ['netlify.toml', 'netlify.toml'],
  ['serverless.yml', 'serverless.yml'],
  ['ecosystem.config.js', 'a pm2 ecosystem file'],
  ['ecosystem.config.cjs', 'a pm2 ecosystem file'],
  ['ecosystem.config.json', 'a pm2 ecosystem file'],
  ['.env.production', '.env.production'],
];

/** The project's files, then (a monorepo usually builds its images at the workspace root) the workspace root's. */
function deployRoots(project: Project): ProjectFiles[] {
  return [
    project.files,
    ...(project.workspaceRoot && project.workspaceRoot !== project.root
      ? [new ProjectFiles(project.workspaceRoot)]
      : []),
  ];
}

/**
 * Platforms that put a TLS-terminating proxy (a load balancer, the platform's router)
 * in front of the app: the app sees plain HTTP from the proxy.
 */
const PROXY_FILES: [string, string][] = [
  ['Dockerfile', 'a Dockerfile'],
  ['Containerfile', 'a Containerfile'],
  ['Procfile', 'a Procfile (Heroku)'],
  ['fly.toml', 'fly.toml'],
  ['render.yaml', 'render.yaml'],
  ['app.yaml', 'app.yaml (App Engine)'],
  ['railway.json', 'railway.json'],
  ['railway.toml', 'railway.toml'],
  ['vercel.json', 'vercel.json'],
];
/** Heroku's app.json, told from other app.json files by its keys. */
const HEROKU_APP_JSON = /"(?:buildpacks|formation|addons|stack)"\s*:/;

/** The first sign that the app runs behind a TLS-terminating proxy (a platform file), or null. */
export function proxyPlatformSignal(project: Project): string | null {
  for (const files of deployRoots(project)) {
    for (const [name, label] of PROXY_FILES) if (files.exists(name)) return label;
    const appJson = files.exists('app.json') ? files.read('app.json') : null;
    if (appJson && HEROKU_APP_JSON.test(appJson)) return 'app.json (Heroku)';
  }
  return null;
}

/** The first production signal found, described for a message, or null. */
export function productionSignal(project: Project): string | null {
  for (const files of deployRoots(project)) {
    for (const [name, label] of DEPLOY_FILES) if (files.exists(name)) return label;
  }
  const scripts = project.packageJson?.scripts ?? {};
  for (const [name, script] of Object.entries(scripts)) {
    if (/NODE_ENV=production|--env=production|\bpm2\b/.test(script))
      return `the "${name}" script (${script.length > 40 ? `${script.slice(0, 40)}...` : script})`;
  }
  return null;
}

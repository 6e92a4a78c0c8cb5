/**
 * Detection: from a directory to the app to change, its package manager,
 * language, module system, Node version and framework. Reads files, runs nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { FRAMEWORKS, frameworkById } from '../frameworks/registry.js';
import type { FrameworkDetection, FrameworkModule } from '../frameworks/types.js';
import { detectNodeVersion } from './node-version.js';
import { detectPackageManager } from './package-manager.js';
import { ProjectFiles, type PackageJson, type Project } from './project.js';
import { findUp, findWorkspace } from './workspace.js';

export interface DetectOptions {
  cwd: string;
  framework?: string;
  packageManager?: string;
  /** Skip package-manager detection (check never installs; it costs a walk up the tree). */
  skipPackageManager?: boolean;
  /** Allow an interactive choice between several apps of a monorepo (with chooseApp). */
  interactive: boolean;
  /**
   * Asks which app to take; given by the commands that may ask (add, info), so that
   * detection, which check also runs, never loads a prompt library.
   */
  chooseApp?: ChooseApp;
}

export interface WorkspaceApp {
  dir: string;
  framework: string;
}

export type ChooseApp = (workspaceRoot: string, apps: WorkspaceApp[]) => Promise<string>;

export interface Detected {
  project: Project;
  framework: FrameworkModule | null;
  detection: FrameworkDetection | null;
}

function cargoWorkspaceRoot(crateDir: string): string {
  let best = crateDir;
  let dir = path.dirname(crateDir);
  for (;;) {
    const manifest = path.join(dir, 'Cargo.toml');
    if (existsSync(manifest) && /^\s*\[workspace\]/m.test(readFileSync(manifest, 'utf8'))) best = dir;
    const parent = path.dirname(dir);
    if (parent === dir) return best;
    dir = parent;
  }
}

export async function loadProject(
  root: string,
  cwd: string,
  workspaceRoot: string | null,
  packageManager?: string,
  skipPackageManager = false,
  /** 'rust': a Cargo project even where a package.json sits beside Cargo.toml (tooling of a Rust workspace). */
  ecosystem?: 'rust',
): Promise<Project> {
  const files = new ProjectFiles(root);
  if (
    (ecosystem === 'rust' || !existsSync(path.join(root, 'package.json'))) &&
    existsSync(path.join(root, 'Cargo.toml'))
  ) {
    return {
      root,
      cwd,
      workspaceRoot,
      ecosystem: 'rust',
      packageJson: null,
      packageManager: null,
      language: 'rust',
      moduleSystem: null,
      node: null,
      files,
    };
  }
  const pkg = files.json<PackageJson>('package.json');
  if (files.read('package.json') !== null && pkg === null) {
    throw new UserError('package.json is not valid JSON.', {
      where: { file: 'package.json' },
      hint: 'Fix package.json and run session-kit again.',
    });
  }
  const workspaceFiles = workspaceRoot && workspaceRoot !== root ? new ProjectFiles(workspaceRoot) : null;
  const language =
    files.exists('tsconfig.json') || pkg?.devDependencies?.typescript || pkg?.dependencies?.typescript ? 'ts' : 'js';
  return {
    root,
    cwd,
    workspaceRoot,
    ecosystem: 'node',
    packageJson: pkg,
    packageManager: skipPackageManager ? null : await detectPackageManager(root, workspaceRoot ?? root, packageManager),
    language,
    moduleSystem: pkg?.type === 'module' ? 'esm' : 'cjs',
    node: detectNodeVersion(files, pkg, workspaceFiles),
    files,
  };
}

export function detectFramework(
  project: Project,
  forced?: string,
): { framework: FrameworkModule | null; detection: FrameworkDetection | null } {
  if (forced) {
    const framework = frameworkById(forced);
    if (!framework) {
      throw new UserError(`Unknown framework "${forced}".`, {
        hint: `Supported: ${FRAMEWORKS.map((f) => f.id).join(', ')}.`,
        code: 'usage',
      });
    }
    const detection = framework.detect(project) ?? { setupFile: null, reasons: ['--framework given'] };
    return { framework, detection };
  }
  for (const framework of FRAMEWORKS) {
    if (framework.ecosystem !== project.ecosystem) continue;
    const detection = framework.detect(project);
    if (detection) return { framework, detection };
  }
  return { framework: null, detection: null };
}

export async function detectAll(options: DetectOptions): Promise<Detected> {
  const cwd = path.resolve(options.cwd);
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    throw new UserError(`${options.cwd} is not a directory.`, {
      hint: 'Pass --cwd with the path of your app.',
      code: 'usage',
    });
  }
  const marker = findUp(cwd, ['package.json', 'Cargo.toml', 'deno.json', 'deno.jsonc']);
  if (marker && /^deno\.jsonc?$/.test(path.basename(marker))) {
    throw new UserError(
      `Deno is not supported yet: ${path.relative(cwd, marker) || path.basename(marker)} has no package.json beside it.`,
      {
        where: { file: path.relative(cwd, marker) || path.basename(marker) },
        hint: 'session-kit reads npm dependencies from package.json; a Hono app on Deno that lists hono in a package.json is supported.',
        code: 'unsupported',
      },
    );
  }
  if (!marker) {
    throw new UserError(`No package.json or Cargo.toml found in ${cwd} or above.`, {
      hint: 'Run session-kit inside your app, or pass --cwd.',
      code: 'usage',
    });
  }
  if (path.basename(marker) === 'Cargo.toml') {
    const root = cargoWorkspaceRoot(path.dirname(marker));
    const project = await loadProject(root, cwd, root, undefined, false, 'rust');
    return { project, ...detectFramework(project, options.framework) };
  }

  let root = path.dirname(marker);
  const workspace = findWorkspace(root);
  if (workspace && workspace.root === root && workspace.packages.length > 0) {
    root = await chooseWorkspaceApp(workspace.root, workspace.packages, options);
  }
  const project = await loadProject(
    root,
    cwd,
    workspace?.root ?? null,
    options.packageManager,
    options.skipPackageManager,
  );
  const detected = detectFramework(project, options.framework);
  // A package.json beside a Cargo.toml may only hold the tooling (husky, prettier, e2e
  // tests) of a Rust app: with no Node framework in it, the Cargo project is the app.
  if (!detected.framework && existsSync(path.join(root, 'Cargo.toml'))) {
    const cargoRoot = cargoWorkspaceRoot(root);
    const rust = await loadProject(cargoRoot, cwd, cargoRoot, undefined, false, 'rust');
    const rustDetected = detectFramework(rust, options.framework);
    if (rustDetected.framework) return { project: rust, ...rustDetected };
  }
  return { project, ...detected };
}

/** At a monorepo root: the one app with a framework, or ask, or explain --cwd. */
async function chooseWorkspaceApp(workspaceRoot: string, packages: string[], options: DetectOptions): Promise<string> {
  const apps: WorkspaceApp[] = [];
  for (const dir of packages) {
    const project = await loadProject(dir, dir, workspaceRoot, options.packageManager);
    const { framework } = detectFramework(project, options.framework);
    if (framework) apps.push({ dir, framework: framework.name });
  }
  const rootProject = await loadProject(workspaceRoot, workspaceRoot, workspaceRoot, options.packageManager);
  if (apps.length === 0) return workspaceRoot;
  if (apps.length === 1 && !detectFramework(rootProject, options.framework).framework) return apps[0].dir;
  const list = apps.map((a) => `  ${path.relative(workspaceRoot, a.dir)} (${a.framework})`).join('\n');
  if (!options.interactive || !options.chooseApp) {
    // A --cwd that leads back to a workspace root would give this same refusal: suggest an app that is not one.
    const suggested = apps.find((a) => findWorkspace(a.dir)?.root !== a.dir) ?? apps[0];
    throw new UserError(`This is a workspace root with several apps:\n${list}`, {
      hint: `Choose one with --cwd, e.g. --cwd ${cwdArgument(suggested.dir)}`,
      code: 'ambiguous-workspace',
    });
  }
  return options.chooseApp(workspaceRoot, apps);
}

/** `dir` as the user would pass it to --cwd from where they run session-kit (which resolves --cwd itself). */
function cwdArgument(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
}

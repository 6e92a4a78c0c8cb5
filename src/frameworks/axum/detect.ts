/**
 * Finds the axum app in a Cargo project: the crate (the root package or a workspace
 * member) that depends on `axum`, its axum version, and the module that builds the
 * `Router`, found by following `mod` declarations from src/main.rs and src/lib.rs.
 * Reads files through the Project only, with regular expressions over comment-free
 * text: synchronous and cheap (tree-sitter reads the file later, in recognise/plan).
 */
import path from 'node:path';
import type { Project, ProjectFiles } from '../../detect/project.js';
import { rustCode } from '../rust-crate/code.js';
import { walkModules } from '../rust-crate/modules.js';
import { minorLine } from '../rust-crate/versions.js';
import {
  lockedVersion,
  memberDirs,
  scanManifest,
  usesWorkspaceVersion,
  versionOf,
  type ManifestScan,
} from '../pavex/manifest-scan.js';
import type { FrameworkDetection } from '../types.js';

export interface AxumApp {
  /** The crate's folder relative to the project root ('' when it is the root). */
  crateDir: string;
  crateName: string | null;
  /** The crate's Cargo.toml, relative to the project root. */
  manifest: string;
  scan: ManifestScan;
  declaredVersion: string | null;
  lockedVersion: string | null;
  /** `0.8` for axum 0.8.x, from Cargo.lock or the requirement. */
  line: string | null;
  /** The app's own sqlx line (`0.8`), null when it has no sqlx dependency. */
  sqlxLine: string | null;
  /** The app's own fred line (`10.1`), null when it has no fred dependency. */
  fredLine: string | null;
  /** Crate roots that exist: src/main.rs, src/lib.rs. */
  roots: string[];
  /** The module files reachable from each root, in breadth-first order. */
  modules: Map<string, string[]>;
  /** Files that call `Router::new()`, in the order they were reached. */
  routerFiles: string[];
}

function join(...parts: string[]): string {
  return path.posix.join(...parts.filter((p) => p !== ''));
}

export const ROUTER_NEW = /\bRouter\s*(?:::\s*<[^>]*>\s*)?::\s*new\s*\(/;

function appIn(files: ProjectFiles, dir: string, scan: ManifestScan, rootScan: ManifestScan | null): AxumApp {
  const dep = scan.dependencies.get('axum');
  const declaredVersion = usesWorkspaceVersion(dep)
    ? versionOf(rootScan?.workspaceDependencies.get('axum'))
    : versionOf(dep);
  const lock = files.read('Cargo.lock') ?? files.read(join(dir, 'Cargo.lock'));
  const locked = lockedVersion(lock, 'axum');
  const fred = scan.dependencies.get('fred');
  const fredDeclared = usesWorkspaceVersion(fred)
    ? versionOf(rootScan?.workspaceDependencies.get('fred'))
    : versionOf(fred);
  const sqlx = scan.dependencies.get('sqlx');
  const sqlxDeclared = usesWorkspaceVersion(sqlx)
    ? versionOf(rootScan?.workspaceDependencies.get('sqlx'))
    : versionOf(sqlx);
  const roots = ['src/main.rs', 'src/lib.rs'].map((r) => join(dir, r)).filter((r) => files.read(r) !== null);
  const modules = new Map<string, string[]>();
  const routerFiles: string[] = [];
  for (const root of roots) {
    const list = walkModules(files, root);
    modules.set(root, list);
    for (const file of list) {
      if (routerFiles.includes(file)) continue;
      if (ROUTER_NEW.test(rustCode(files.read(file) ?? ''))) routerFiles.push(file);
    }
  }
  return {
    crateDir: dir,
    crateName: scan.packageName,
    manifest: join(dir, 'Cargo.toml'),
    scan,
    declaredVersion,
    lockedVersion: locked,
    line: minorLine(locked ?? declaredVersion),
    sqlxLine: sqlx === undefined ? null : minorLine(lockedVersion(lock, 'sqlx') ?? sqlxDeclared),
    // `fred = "10"` has no minor: its major is enough to match the store crate's.
    fredLine:
      fred === undefined
        ? null
        : (minorLine(lockedVersion(lock, 'fred') ?? fredDeclared) ?? /\d+/.exec(fredDeclared ?? '')?.[0] ?? null),
    roots,
    modules,
    routerFiles,
  };
}

/**
 * The axum crate of the project: the root package, or the one workspace member that
 * depends on axum and builds a Router (the member `--cwd` points into first).
 */
export function locateAxumApp(project: Project): AxumApp | null {
  if (project.ecosystem !== 'rust') return null;
  const files = project.files;
  const rootText = files.read('Cargo.toml');
  if (rootText === null) return null;
  const rootScan = scanManifest(rootText);
  const dirs: string[] = [];
  if (rootScan.packageName !== null) dirs.push('');
  if (rootScan.isWorkspace) for (const d of memberDirs(files, rootScan)) if (!dirs.includes(d)) dirs.push(d);
  const apps: AxumApp[] = [];
  for (const dir of dirs) {
    const text = dir === '' ? rootText : files.read(join(dir, 'Cargo.toml'));
    if (text === null) continue;
    const scan = scanManifest(text);
    if (!scan.dependencies.has('axum')) continue;
    apps.push(appIn(files, dir, scan, rootScan));
  }
  if (apps.length <= 1) return apps[0] ?? null;
  const cwd = path.relative(project.root, project.cwd).split(path.sep).join('/');
  const byCwd = apps.filter((a) => a.crateDir !== '' && (cwd === a.crateDir || cwd.startsWith(`${a.crateDir}/`)));
  if (byCwd.length === 1) return byCwd[0];
  const withRouter = apps.filter((a) => a.routerFiles.length > 0);
  return withRouter[0] ?? apps[0];
}

export function detectAxum(project: Project): FrameworkDetection | null {
  const app = locateAxumApp(project);
  if (!app) return null;
  const reasons = [`${app.manifest} depends on axum${app.declaredVersion ? ` ${app.declaredVersion}` : ''}`];
  if (app.routerFiles.length > 0) reasons.push(`Router::new() in ${app.routerFiles.join(', ')}`);
  return {
    setupFile: app.routerFiles[0] ?? app.roots[0] ?? null,
    reasons,
    version: app.lockedVersion ?? app.declaredVersion ?? undefined,
    facts: {
      crate: app.crateName,
      crateDir: app.crateDir || '.',
      axumDeclared: app.declaredVersion,
      axumLocked: app.lockedVersion,
      routerFiles: app.routerFiles.join(', ') || null,
      sessionCrates:
        [...app.scan.dependencies.keys()]
          .filter((d) => d.startsWith('tower-sessions') || d === 'axum-login')
          .sort()
          .join(', ') || null,
    },
  };
}

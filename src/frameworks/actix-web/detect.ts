/**
 * Finds the actix-web app in a Cargo project: the crate (the root package or a
 * workspace member) that depends on `actix-web`, its version, and the modules that
 * start `HttpServer::new(..)`, found by following `mod` declarations from src/main.rs
 * and src/lib.rs. Regular expressions over comment-free text only: synchronous and
 * cheap (tree-sitter reads the files later, in recognise/plan).
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

export interface ActixApp {
  /** The crate's folder relative to the project root ('' when it is the root). */
  crateDir: string;
  crateName: string | null;
  /** The crate's Cargo.toml, relative to the project root. */
  manifest: string;
  scan: ManifestScan;
  /** The requirement of the crate's root (or workspace) manifest. */
  declaredVersion: string | null;
  lockedVersion: string | null;
  /** The major version (4 for 4.18.1 or "4"), from Cargo.lock first. */
  major: number | null;
  /** The app's own sqlx line (`0.8`), null when it has no sqlx dependency. */
  sqlxLine: string | null;
  roots: string[];
  /** The module files reachable from each root, in breadth-first order. */
  modules: Map<string, string[]>;
  /** Files that call `HttpServer::new(`, in the order they were reached. */
  serverFiles: string[];
}

export const HTTP_SERVER_NEW = /\bHttpServer\s*(?:::\s*<[^>]*>\s*)?::\s*new\s*\(/;

function join(...parts: string[]): string {
  return path.posix.join(...parts.filter((p) => p !== ''));
}

/** `4` from `4.18.1`, `^4`, `=4.0.0-beta.1`, `0.7`'s `0`; null without a version. */
export function majorOf(version: string | null): number | null {
  const m = /(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
}

function appIn(files: ProjectFiles, dir: string, scan: ManifestScan, rootScan: ManifestScan | null): ActixApp {
  const dep = scan.dependencies.get('actix-web');
  const declaredVersion = usesWorkspaceVersion(dep)
    ? versionOf(rootScan?.workspaceDependencies.get('actix-web'))
    : versionOf(dep);
  const lock = files.read('Cargo.lock') ?? files.read(join(dir, 'Cargo.lock'));
  const locked = lockedVersion(lock, 'actix-web');
  const sqlx = scan.dependencies.get('sqlx');
  const sqlxDeclared = usesWorkspaceVersion(sqlx)
    ? versionOf(rootScan?.workspaceDependencies.get('sqlx'))
    : versionOf(sqlx);
  const roots = ['src/main.rs', 'src/lib.rs'].map((r) => join(dir, r)).filter((r) => files.read(r) !== null);
  const modules = new Map<string, string[]>();
  const serverFiles: string[] = [];
  for (const root of roots) {
    const list = walkModules(files, root);
    modules.set(root, list);
    for (const file of list) {
      if (serverFiles.includes(file)) continue;
      if (HTTP_SERVER_NEW.test(rustCode(files.read(file) ?? ''))) serverFiles.push(file);
    }
  }
  return {
    crateDir: dir,
    crateName: scan.packageName,
    manifest: join(dir, 'Cargo.toml'),
    scan,
    declaredVersion,
    lockedVersion: locked,
    major: majorOf(locked ?? declaredVersion),
    sqlxLine: sqlx === undefined ? null : minorLine(lockedVersion(lock, 'sqlx') ?? sqlxDeclared),
    roots,
    modules,
    serverFiles,
  };
}

/**
 * The actix-web crate of the project: the root package, or the workspace member that
 * depends on actix-web (the member `--cwd` points into first, then one that starts a server).
 */
export function locateActixApp(project: Project): ActixApp | null {
  if (project.ecosystem !== 'rust') return null;
  const files = project.files;
  const rootText = files.read('Cargo.toml');
  if (rootText === null) return null;
  const rootScan = scanManifest(rootText);
  const dirs: string[] = [];
  if (rootScan.packageName !== null) dirs.push('');
  if (rootScan.isWorkspace) for (const d of memberDirs(files, rootScan)) if (!dirs.includes(d)) dirs.push(d);
  const apps: ActixApp[] = [];
  for (const dir of dirs) {
    const text = dir === '' ? rootText : files.read(join(dir, 'Cargo.toml'));
    if (text === null) continue;
    const scan = scanManifest(text);
    if (!scan.dependencies.has('actix-web')) continue;
    apps.push(appIn(files, dir, scan, rootScan));
  }
  if (apps.length <= 1) return apps[0] ?? null;
  const cwd = path.relative(project.root, project.cwd).split(path.sep).join('/');
  const byCwd = apps.filter((a) => a.crateDir !== '' && (cwd === a.crateDir || cwd.startsWith(`${a.crateDir}/`)));
  if (byCwd.length === 1) return byCwd[0];
  const serving = apps.filter((a) => a.serverFiles.length > 0);
  return serving[0] ?? apps[0];
}

export function detectActix(project: Project): FrameworkDetection | null {
  const app = locateActixApp(project);
  if (!app) return null;
  const reasons = [`${app.manifest} depends on actix-web${app.declaredVersion ? ` ${app.declaredVersion}` : ''}`];
  if (app.serverFiles.length > 0) reasons.push(`HttpServer::new in ${app.serverFiles.join(', ')}`);
  return {
    setupFile: app.serverFiles[0] ?? app.roots[0] ?? null,
    reasons,
    version: app.lockedVersion ?? app.declaredVersion ?? undefined,
    facts: {
      crate: app.crateName,
      crateDir: app.crateDir || '.',
      actixWebDeclared: app.declaredVersion,
      actixWebLocked: app.lockedVersion,
      serverFiles: app.serverFiles.join(', ') || null,
      sessionCrates:
        [...app.scan.dependencies.keys()]
          .filter((d) => d === 'actix-session' || d === 'actix-identity')
          .sort()
          .join(', ') || null,
    },
  };
}

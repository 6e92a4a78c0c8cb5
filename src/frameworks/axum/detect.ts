/**
 * Finds the axum app in a Cargo project: the crate (the root package or a workspace
 * member) that depends on `axum`, its axum version, and the module that builds the
 * `Router`, found by following `mod` declarations from src/main.rs and src/lib.rs.
 * Reads files through the Project only, with regular expressions over comment-free
 * text: synchronous and cheap (the Rust parsers read the file later, in recognise/plan).
 */
import type { Project } from '../../detect/project.js';
import { locateCrate, type CrateFacts, type RustCrate } from '../rust-crate/locate.js';
import { minorLine } from '../rust-crate/versions.js';
import type { FrameworkDetection } from '../types.js';

export interface AxumApp extends RustCrate {
  declaredVersion: string | null;
  lockedVersion: string | null;
  /** `0.8` for axum 0.8.x, from Cargo.lock or the requirement. */
  line: string | null;
  /** The app's own sqlx line (`0.8`), null when it has no sqlx dependency. */
  sqlxLine: string | null;
  /** The app's own fred line (`10.1`), null when it has no fred dependency. */
  fredLine: string | null;
  /** Files that call `Router::new()`, in the order they were reached. */
  routerFiles: string[];
}

export const ROUTER_NEW = /\bRouter\s*(?:::\s*<[^>]*>\s*)?::\s*new\s*\(/;

function axumApp(crate: RustCrate, { declared, locked, filesMatching }: CrateFacts): AxumApp {
  const declaredVersion = declared('axum');
  const lockedAxum = locked('axum');
  const has = (dep: string) => crate.scan.dependencies.has(dep);
  const fredDeclared = declared('fred');
  return {
    ...crate,
    declaredVersion,
    lockedVersion: lockedAxum,
    line: minorLine(lockedAxum ?? declaredVersion),
    sqlxLine: has('sqlx') ? minorLine(locked('sqlx') ?? declared('sqlx')) : null,
    // `fred = "10"` has no minor: its major is enough to match the store crate's.
    fredLine: has('fred')
      ? (minorLine(locked('fred') ?? fredDeclared) ?? /\d+/.exec(fredDeclared ?? '')?.[0] ?? null)
      : null,
    routerFiles: filesMatching(ROUTER_NEW),
  };
}

/**
 * The axum crate of the project: the root package, or the one workspace member that
 * depends on axum and builds a Router (the member `--cwd` points into first).
 */
export function locateAxumApp(project: Project): AxumApp | null {
  return locateCrate(project, 'axum', axumApp, (a) => a.routerFiles.length > 0);
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

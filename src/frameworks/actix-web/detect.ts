/**
 * Finds the actix-web app in a Cargo project: the crate (the root package or a
 * workspace member) that depends on `actix-web`, its version, and the modules that
 * start `HttpServer::new(..)`, found by following `mod` declarations from src/main.rs
 * and src/lib.rs. Regular expressions over comment-free text only: synchronous and
 * cheap (the Rust parsers read the files later, in recognise/plan).
 */
import type { Project } from '../../detect/project.js';
import { locateCrate, type CrateFacts, type RustCrate } from '../rust-crate/locate.js';
import { minorLine } from '../rust-crate/versions.js';
import type { FrameworkDetection } from '../types.js';

export interface ActixApp extends RustCrate {
  /** The requirement of the crate's root (or workspace) manifest. */
  declaredVersion: string | null;
  lockedVersion: string | null;
  /** The major version (4 for 4.18.1 or "4"), from Cargo.lock first. */
  major: number | null;
  /** The app's own sqlx line (`0.8`), null when it has no sqlx dependency. */
  sqlxLine: string | null;
  /** Files that call `HttpServer::new(`, in the order they were reached. */
  serverFiles: string[];
}

export const HTTP_SERVER_NEW = /\bHttpServer\s*(?:::\s*<[^>]*>\s*)?::\s*new\s*\(/;

/** `4` from `4.18.1`, `^4`, `=4.0.0-beta.1`, `0.7`'s `0`; null without a version. */
export function majorOf(version: string | null): number | null {
  const m = /(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : null;
}

function actixApp(crate: RustCrate, { declared, locked, filesMatching }: CrateFacts): ActixApp {
  const declaredVersion = declared('actix-web');
  const lockedActix = locked('actix-web');
  return {
    ...crate,
    declaredVersion,
    lockedVersion: lockedActix,
    major: majorOf(lockedActix ?? declaredVersion),
    sqlxLine: crate.scan.dependencies.has('sqlx') ? minorLine(locked('sqlx') ?? declared('sqlx')) : null,
    serverFiles: filesMatching(HTTP_SERVER_NEW),
  };
}

/**
 * The actix-web crate of the project: the root package, or the workspace member that
 * depends on actix-web (the member `--cwd` points into first, then one that starts a server).
 */
export function locateActixApp(project: Project): ActixApp | null {
  return locateCrate(project, 'actix-web', actixApp, (a) => a.serverFiles.length > 0);
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

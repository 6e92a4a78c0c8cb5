/**
 * Whether code registered before the session can touch it: a handler or a module
 * (and the relative modules it imports) that mentions req.session, ctx.session,
 * Hono's c.get('session'), req.user, the login helpers or passport. A mention anywhere counts, so "never" is a proof only
 * for code that does not even name them; a module that cannot be read, imports
 * one that cannot be followed or loads a folder of modules is "unknown".
 */
import path from 'node:path';
import { localSpecifier, relativeImports, resolveSourceFile } from '../../detect/entry.js';
import type { ProjectFiles } from '../../detect/project.js';

export type SessionUse = 'reads' | 'never' | 'unknown';

export const READS_SESSION =
  /\.session\b|\bsession\s*[.[]|\.get\(\s*['"`]session['"`]\s*\)|\.(?:user|logIn|login|logOut|logout|isAuthenticated|isUnauthenticated)\b|\bpassport\b/;

/** Names of routers, handlers and packages that serve files, health checks or metrics, never a session. */
export const SESSIONLESS_NAME =
  /^(?:health\w*|liveness\w*|readiness\w*|ping\w*|probes?\w*|metrics\w*|prometheus\w*|favicon\w*|static\w*|assets\w*)$/i;

/** Packages whose middleware serves files, docs or metrics and never reads a session. */
export const SESSIONLESS_PACKAGES = new Set([
  'serve-static',
  'serve-favicon',
  'sirv',
  'express-prom-bundle',
  'prom-client',
  'swagger-ui-express',
  'express-status-monitor',
  'compression',
  'helmet',
  'cors',
  'morgan',
]);

const MAX_FOLLOWED = 24;

/** A folder loader (@fastify/autoload): the modules it loads are not imports, so they cannot be followed. */
const LOADS_FOLDERS = /['"](?:@fastify\/autoload|fastify-autoload)['"]/;

export function codeSessionUse(code: string): SessionUse {
  return READS_SESSION.test(code) ? 'reads' : 'never';
}

/** Follows the module `source` (relative or aliased) imported by `fromFile`, and what it imports relatively. */
export function moduleSessionUse(files: ProjectFiles, fromFile: string, source: string): SessionUse {
  const local = localSpecifier(files, source, fromFile);
  if (!local) return 'unknown';
  const start = resolveSourceFile(files, path.posix.join(path.posix.dirname(fromFile), local));
  if (!start) return 'unknown';
  const queue = [start];
  const seen = new Set(queue);
  let unknown = false;
  for (let i = 0; i < queue.length; i++) {
    const text = files.read(queue[i]);
    if (text === null) return 'unknown';
    if (READS_SESSION.test(text)) return 'reads';
    if (LOADS_FOLDERS.test(text)) unknown = true;
    for (const specifier of relativeImports(files, text, queue[i])) {
      const file = resolveSourceFile(files, path.posix.join(path.posix.dirname(queue[i]), specifier));
      if (!file) {
        unknown = true;
        continue;
      }
      if (seen.has(file)) continue;
      if (seen.size >= MAX_FOLLOWED) return 'unknown';
      seen.add(file);
      queue.push(file);
    }
  }
  return unknown ? 'unknown' : 'never';
}

/**
 * Which runtime a Hono app runs on, and which of session-kit's stores can run there,
 * as data. The generated adapters use Node drivers (TCP sockets, a native SQLite
 * addon, process memory): not every runtime can load them.
 */
import { hasDependency, type Project } from '../../detect/project.js';
import type { StoreId } from '../../stores/types.js';

export type HonoRuntime = 'node' | 'bun' | 'deno' | 'workers';

export interface RuntimeSupport {
  label: string;
  /** Why a store cannot run there; stores not listed can. */
  cannot: Partial<Record<StoreId, string>>;
}

export const HONO_RUNTIMES: Record<HonoRuntime, RuntimeSupport> = {
  node: { label: 'Node.js (@hono/node-server)', cannot: {} },
  bun: {
    label: 'Bun',
    cannot: { sqlite: 'better-sqlite3 is a Node native addon that Bun cannot load (Bun has bun:sqlite built in)' },
  },
  deno: {
    label: 'Deno',
    cannot: { sqlite: 'better-sqlite3 is a Node native addon that Deno does not load by default' },
  },
  workers: {
    label: 'Cloudflare Workers',
    cannot: {
      memory: 'each isolate has its own memory and is recycled at any time, so sessions would vanish between requests',
      sqlite: 'better-sqlite3 is a native Node addon and Workers have no file system',
      postgres:
        'a pg pool cannot be shared between requests on Workers (each request needs its own client, e.g. through Hyperdrive)',
      mysql: 'mysql2 needs Node TCP sockets, which Workers do not offer',
      redis: 'node-redis needs Node TCP sockets, which Workers do not offer (Upstash Redis works over HTTP)',
    },
  },
};

export interface RuntimeDetection {
  runtime: HonoRuntime | null;
  reason: string;
}

/** Bun serves a module's default export `{ port, fetch }` itself, or the app calls Bun.serve(). */
const BUN_ENTRY = /\bBun\.serve\s*\(|export\s+default\s*\{(?=[^}]*\bfetch\b)(?=[^}]*\bport\b)[^}]*\}/;

export function detectHonoRuntime(project: Project, setupFile: string | null = null): RuntimeDetection {
  const pkg = project.packageJson;
  const scripts = Object.values(pkg?.scripts ?? {}).join('\n');
  if (
    ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc'].some((f) => project.files.exists(f)) ||
    hasDependency(pkg, 'wrangler') ||
    hasDependency(pkg, '@cloudflare/workers-types')
  ) {
    return { runtime: 'workers', reason: 'wrangler configuration or dependency' };
  }
  if (hasDependency(pkg, '@hono/node-server'))
    return { runtime: 'node', reason: 'package.json depends on @hono/node-server' };
  if (
    ['bun.lockb', 'bun.lock'].some((f) => project.files.exists(f)) ||
    hasDependency(pkg, '@types/bun') ||
    hasDependency(pkg, 'bun-types') ||
    /(?:^|\s)bun\s/.test(scripts)
  ) {
    return { runtime: 'bun', reason: 'bun lockfile, types or scripts' };
  }
  if (['deno.json', 'deno.jsonc'].some((f) => project.files.exists(f)) || /(?:^|\s)deno\s/.test(scripts))
    return { runtime: 'deno', reason: 'deno.json or deno scripts' };
  if (setupFile && BUN_ENTRY.test(project.files.read(setupFile) ?? ''))
    return { runtime: 'bun', reason: `${setupFile} exports { port, fetch } for Bun to serve` };
  return { runtime: null, reason: 'no @hono/node-server, wrangler, Bun or Deno found' };
}

export function storesOn(runtime: HonoRuntime, stores: StoreId[]): StoreId[] {
  return stores.filter((id) => !HONO_RUNTIMES[runtime].cannot[id]);
}

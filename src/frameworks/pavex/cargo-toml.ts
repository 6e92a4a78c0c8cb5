/**
 * The app crate's Cargo.toml, and the workspace root's when the session crates become
 * workspace dependencies. Every change is a splice (src/edit/toml.ts), so comments,
 * ordering and spacing of everything else stay as they were.
 */
import { UserError } from '../../core/errors.js';
import type { Dependency } from '../../core/plan.js';
import type { StoreId } from '../../stores/types.js';
import { PAVEX_STORES, REDIS, SQLX } from './crates.js';
import type { PavexApp } from './detect.js';
import { readToml, setToml, TomlParseError, type TomlValue } from '../../edit/toml.js';

/** The manifest as values; a syntax error names the file and line. */
function readManifest(file: string, text: string): Record<string, unknown> {
  try {
    return readToml(text);
  } catch (error) {
    if (!(error instanceof TomlParseError)) throw error;
    throw new UserError(`${file} is not valid TOML: ${error.message}`, {
      where: { file, line: error.lineNumber, column: error.column + 1 },
      hint: 'Fix the TOML and run session-kit again.',
      code: 'parse-error',
    });
  }
}

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

interface DepValue {
  version?: string;
  features?: string[];
  workspace?: boolean;
  [key: string]: unknown;
}

function asObject(value: unknown): DepValue | null {
  if (typeof value === 'string') return { version: value };
  if (value && typeof value === 'object') return value as DepValue;
  return null;
}

export interface CargoEdit {
  before: string;
  after: string;
  /** The workspace root manifest, when pavex is a workspace dependency and it gains entries. */
  workspace: { path: string; before: string; after: string } | null;
  added: Dependency[];
  warnings: string[];
}

/**
 * Plans the dependency additions for `store`; `after === before` when everything is there.
 * When the app declares `pavex = { workspace = true }`, the session crates follow suit:
 * `{ workspace = true }` in the app and their version in `[workspace.dependencies]`.
 */
export function editCargoToml(
  text: string,
  app: PavexApp,
  store: StoreId,
  version: string,
  root: { path: string; text: string } | null = null,
): CargoEdit {
  const manifest = readManifest(app.manifest, text);
  const deps = table(manifest.dependencies);
  const pavexIsString = typeof deps.pavex === 'string';
  const added: Dependency[] = [];
  const warnings: string[] = [];
  // Each edit is spliced into the previous one's result, new lines in the file's line ending.
  let out = text;
  const set = (path: string[], value: TomlValue) => {
    out = setToml(out, path, value);
  };
  // The root manifest is edited separately unless the app crate is the root package itself.
  const sameFile = root !== null && root.path === app.manifest;
  let rootOut = root && !sameFile ? root.text : null;
  const rootManifest = sameFile ? manifest : root ? readManifest(root.path, root.text) : {};
  const rootDeps = table(table(rootManifest.workspace).dependencies);
  const addWorkspaceDep = (name: string) => {
    if (rootDeps[name] !== undefined) return;
    const value = typeof rootDeps.pavex === 'string' ? version : { version };
    if (sameFile) set(['workspace', 'dependencies', name], value);
    else if (rootOut !== null) rootOut = setToml(rootOut, ['workspace', 'dependencies', name], value);
  };
  const viaWorkspace = app.workspaceDependency && root !== null;
  const addCrate = (name: string, features: string[], why: string) => {
    const existing = asObject(deps[name]);
    if (!existing) {
      if (viaWorkspace) {
        set(['dependencies', name], features.length === 0 ? { workspace: true } : { workspace: true, features });
        addWorkspaceDep(name);
      } else {
        set(
          ['dependencies', name],
          features.length === 0 && pavexIsString
            ? version
            : features.length === 0
              ? { version }
              : { version, features },
        );
      }
      added.push({ name, version, dev: false, features, why });
      return;
    }
    const have = existing.features ?? [];
    const missing = features.filter((f) => !have.includes(f));
    if (missing.length > 0) {
      // Features listed next to `workspace = true` add to the workspace's, so the app's entry is the place.
      const declared = deps[name];
      if (typeof declared === 'string')
        set(['dependencies', name], { version: declared, features: [...have, ...missing] });
      else set(['dependencies', name, 'features'], [...have, ...missing]);
      added.push({
        name,
        version: existing.version ?? version,
        dev: false,
        features: missing,
        why: `${why} (features)`,
      });
    }
    const existingVersion = existing.version?.replace(/^[=^~]/, '');
    if (
      existingVersion &&
      !existing.workspace &&
      name.startsWith('pavex_') &&
      existingVersion !== version.replace(/^[=^~]/, '')
    ) {
      warnings.push(
        `${app.manifest} declares ${name} ${existing.version} while pavex is ${version}: keep them equal (pavex pins pavex_macros exactly).`,
      );
    }
  };
  const spec = PAVEX_STORES[store];
  addCrate('pavex_session', [], 'session middleware and types');
  addCrate(spec.crate, spec.features, `${store} session store`);
  if (spec.sqlx) {
    const existing = asObject(deps.sqlx);
    if (!existing) {
      set(['dependencies', 'sqlx'], { version: SQLX.version, features: [SQLX.runtime, spec.sqlx] });
      added.push({
        name: 'sqlx',
        version: SQLX.version,
        dev: false,
        features: [SQLX.runtime, spec.sqlx],
        why: 'connection pool for the session store',
      });
    } else {
      const have = existing.features ?? [];
      const needs = [spec.sqlx, ...(have.some((f) => f.startsWith('runtime-')) ? [] : [SQLX.runtime])].filter(
        (f) => !have.includes(f),
      );
      if (needs.length > 0 && !existing.workspace) {
        if (typeof deps.sqlx === 'string') set(['dependencies', 'sqlx'], { version: deps.sqlx, features: needs });
        else set(['dependencies', 'sqlx', 'features'], [...have, ...needs]);
        added.push({
          name: 'sqlx',
          version: existing.version ?? SQLX.version,
          dev: false,
          features: needs,
          why: 'sqlx backend and runtime for the session store',
        });
      } else if (needs.length > 0) {
        set(['dependencies', 'sqlx', 'features'], [...have, ...needs]);
        added.push({
          name: 'sqlx',
          version: SQLX.version,
          dev: false,
          features: needs,
          why: 'sqlx backend and runtime for the session store',
        });
      }
    }
  }
  if (store === 'redis' && !asObject(deps.redis)) {
    set(['dependencies', 'redis'], { version: REDIS.version, features: REDIS.features });
    added.push({
      name: 'redis',
      version: REDIS.version,
      dev: false,
      features: REDIS.features,
      why: 'Redis connection for the session store',
    });
  }
  const workspace =
    root && rootOut !== null && rootOut !== root.text ? { path: root.path, before: root.text, after: rootOut } : null;
  return { before: text, after: out, workspace, added, warnings };
}

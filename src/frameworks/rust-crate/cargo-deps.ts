/**
 * The crate's `[dependencies]` as `session-kit add` edits them, for axum and actix-web:
 * Cargo.toml read once (invalid TOML is refused with its line), then each crate the
 * session needs spliced in with src/edit/toml.ts, or only its missing features added to
 * the app's own declaration (the app keeps its version). Which crates, which versions
 * an app may keep and which features count as present are each framework's own rules.
 */
import { UserError } from '../../core/errors.js';
import type { Dependency } from '../../core/plan.js';
import { readToml, setToml, TomlParseError, type TomlValue } from '../../edit/toml.js';

/** A dependency as Cargo.toml declares it: `"1"` or a table. */
export interface DepValue {
  version?: string;
  features?: string[];
  workspace?: boolean;
}

export function depObject(value: unknown): DepValue | null {
  if (typeof value === 'string') return { version: value };
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as DepValue;
  return null;
}

export interface EnsureOptions {
  /** A new declaration is written with `default-features = false`. */
  noDefaultFeatures?: boolean;
  /** Whether the app's features already provide `feature` (default: it is listed). */
  covered?: (feature: string, have: readonly string[]) => boolean;
}

export interface CargoDependencies {
  /** `[dependencies]` as the file declared them before any edit. */
  deps: Record<string, unknown>;
  /** Declares `name` (a new entry), or adds the features the app's entry lacks. */
  ensure(name: string, version: string, features: string[], why: string, options?: EnsureOptions): void;
  /** The edited text and what was added, for the plan. */
  result(): { after: string; added: Dependency[] };
}

function readManifest(manifestFile: string, text: string): Record<string, unknown> {
  try {
    return readToml(text);
  } catch (error) {
    if (!(error instanceof TomlParseError)) throw error;
    throw new UserError(`${manifestFile} is not valid TOML: ${error.message}`, {
      where: { file: manifestFile, line: error.lineNumber, column: error.column + 1 },
      hint: 'Fix the TOML and run session-kit again.',
      code: 'parse-error',
    });
  }
}

export function cargoDependencies(manifestFile: string, text: string): CargoDependencies {
  const manifest = readManifest(manifestFile, text);
  const deps = (depObject(manifest.dependencies) ?? {}) as Record<string, unknown>;
  let out = text;
  const added: Dependency[] = [];
  const set = (path: string[], value: TomlValue) => {
    out = setToml(out, path, value);
  };
  const ensure = (name: string, version: string, features: string[], why: string, options: EnsureOptions = {}) => {
    const existing = depObject(deps[name]);
    if (!existing) {
      const value: TomlValue =
        features.length === 0 && !options.noDefaultFeatures
          ? version
          : {
              version,
              ...(options.noDefaultFeatures ? { 'default-features': false } : {}),
              ...(features.length ? { features } : {}),
            };
      set(['dependencies', name], value);
      added.push({ name, version, dev: false, features, why });
      return;
    }
    const have = existing.features ?? [];
    const covered = options.covered ?? ((f: string, list: readonly string[]) => list.includes(f));
    const missing = features.filter((f) => !covered(f, have));
    if (missing.length === 0) return;
    if (typeof deps[name] === 'string')
      set(['dependencies', name], { version: deps[name] as string, features: [...have, ...missing] });
    else set(['dependencies', name, 'features'], [...have, ...missing]);
    added.push({ name, version: existing.version ?? version, dev: false, features: missing, why: `${why} (features)` });
  };
  return { deps, ensure, result: () => ({ after: out, added }) };
}

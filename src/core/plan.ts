/**
 * The plan: the single description of everything `add` (or `remove`) will do.
 * `--dry-run` and `--json` render it; apply writes it all-or-nothing.
 * Frameworks and stores only ever contribute to a PlanBuilder; nothing else writes.
 */
import { applySplices, type Splice } from '../edit/splice.js';

export type { Splice };

/** `package-manifest` is a package manager's manifest (package.json, Cargo.toml); `record` is session-kit's own .session-kit.json (core/manifest.ts). */
export type FileRole = 'source' | 'generated' | 'config' | 'env' | 'migration' | 'package-manifest' | 'record';

export interface PlannedFile {
  /** Path relative to the project root, always with forward slashes. */
  path: string;
  /** Original bytes (as text), or null when the file is created. */
  before: string | null;
  /** Resulting text, or null when the file is deleted (remove). */
  after: string | null;
  /** For edits of existing files: the text splices that produce `after`. */
  splices: Splice[];
  role: FileRole;
  /** One line saying why the file is touched. */
  reason: string;
}

export interface Dependency {
  name: string;
  /** A semver range, e.g. "^12.4.1" or "12". */
  version: string;
  dev: boolean;
  /** The package needs its install script (native build) to run. */
  needsInstallScript?: boolean;
  /** Rust crates: features to enable. */
  features?: string[];
  why: string;
}

export interface EnvVar {
  key: string;
  description: string;
  /** Placeholder written to .env.example. */
  example: string;
  /** True when the value is a generated secret: never printed, never written into source. */
  secret: boolean;
  /** Value written to .env when the key is absent there (secrets are generated). */
  value?: string;
}

export interface Migration {
  path: string;
  tool: string;
  dialect: string;
  table: string;
}

export interface Plan {
  command: 'add' | 'remove' | 'check';
  /** Absolute path of the project (package or crate) being changed. */
  root: string;
  framework: { id: string; name: string; setupFile: string | null };
  store: string | null;
  packageManager: string | null;
  ecosystem: 'node' | 'rust';
  files: PlannedFile[];
  dependencies: Dependency[];
  /** Packages to uninstall (remove). */
  removeDependencies: string[];
  env: EnvVar[];
  migrations: Migration[];
  nextSteps: string[];
  warnings: string[];
  /** Exact install commands, for display. Filled in by the package-manager step. */
  installCommands: string[][];
  /** Flags that repeat a choice made at a question (add's "same setup without questions"), e.g. --no-load-env. */
  repeatFlags?: string[];
}

export function emptyPlan(
  init: Pick<Plan, 'command' | 'root' | 'framework' | 'store' | 'packageManager' | 'ecosystem'>,
): Plan {
  return {
    ...init,
    files: [],
    dependencies: [],
    removeDependencies: [],
    env: [],
    migrations: [],
    nextSteps: [],
    warnings: [],
    installCommands: [],
  };
}

/** True when applying the plan would change nothing. */
export function isNoop(plan: Plan): boolean {
  return (
    plan.files.every((file) => file.before === file.after) &&
    plan.dependencies.length === 0 &&
    plan.removeDependencies.length === 0
  );
}

/** Every value that must never be printed (generated secrets). */
export function secretValues(plan: Plan): string[] {
  return plan.env.filter((env) => env.secret && env.value).map((env) => env.value as string);
}

/**
 * Accumulates a plan. Files are read once through `read`; several contributions
 * to one file are merged as splices against its original text.
 */
export class PlanBuilder {
  readonly plan: Plan;
  private readonly pending = new Map<
    string,
    { before: string; splices: Splice[]; role: FileRole; reasons: string[] }
  >();

  constructor(
    init: Pick<Plan, 'command' | 'root' | 'framework' | 'store' | 'packageManager' | 'ecosystem'>,
    private readonly read: (relativePath: string) => string | null,
  ) {
    this.plan = emptyPlan(init);
  }

  /** Splice text into an existing file (offsets refer to its original text). */
  edit(path: string, splices: Splice[], reason: string, role: FileRole = 'source'): void {
    if (splices.length === 0) return;
    const existing = this.pending.get(path);
    if (existing) {
      existing.splices.push(...splices);
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    const before = this.read(path);
    if (before === null) throw new Error(`internal: cannot edit missing file ${path}`);
    this.pending.set(path, { before, splices: [...splices], role, reasons: [reason] });
  }

  /** Replace a file's whole text (for files we own or format-preserving editors such as TOML/YAML). */
  rewrite(path: string, after: string, reason: string, role: FileRole = 'config'): void {
    const before = this.read(path);
    if (before === null) throw new Error(`internal: cannot rewrite missing file ${path}`);
    this.plan.files.push({ path, before, after, splices: [], role, reason });
  }

  /** Create a new file. If it already exists with the same text this is a no-op entry. */
  create(path: string, content: string, reason: string, role: FileRole = 'generated'): void {
    const before = this.read(path);
    this.plan.files.push({
      path,
      before,
      after: before ?? content,
      splices: [],
      role,
      reason: before === null ? reason : `${reason} (exists, kept)`,
    });
  }

  /** Delete a file (remove). */
  delete(path: string, reason: string, role: FileRole = 'generated'): void {
    const before = this.read(path);
    if (before === null) return;
    this.plan.files.push({ path, before, after: null, splices: [], role, reason });
  }

  dependency(dep: Dependency): void {
    if (!this.plan.dependencies.some((d) => d.name === dep.name)) this.plan.dependencies.push(dep);
  }

  env(env: EnvVar): void {
    if (!this.plan.env.some((e) => e.key === env.key)) this.plan.env.push(env);
  }

  migration(migration: Migration): void {
    this.plan.migrations.push(migration);
  }

  next(step: string): void {
    if (!this.plan.nextSteps.includes(step)) this.plan.nextSteps.push(step);
  }

  warn(message: string): void {
    if (!this.plan.warnings.includes(message)) this.plan.warnings.push(message);
  }

  /** Replace every splice planned so far for a file (a contributor that re-derived the whole edit); reasons accumulate. */
  replaceEdit(path: string, splices: Splice[], reason: string, role: FileRole): void {
    const existing = this.pending.get(path);
    if (!existing) return this.edit(path, splices, reason, role);
    existing.splices = [...splices];
    if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
  }

  /** A file's text before the plan (what `edit` offsets refer to). */
  original(path: string): string | null {
    return this.pending.get(path)?.before ?? this.read(path);
  }

  /** Text of a file as the plan would leave it so far (for later contributors). */
  current(path: string): string | null {
    const pending = this.pending.get(path);
    if (pending) return applySplices(pending.before, pending.splices);
    const planned = [...this.plan.files].reverse().find((f) => f.path === path);
    if (planned) return planned.after;
    return this.read(path);
  }

  finish(): Plan {
    for (const [path, { before, splices, role, reasons }] of this.pending) {
      this.plan.files.push({
        path,
        before,
        after: applySplices(before, splices),
        splices,
        role,
        reason: reasons.join('; '),
      });
    }
    this.pending.clear();
    return this.plan;
  }
}

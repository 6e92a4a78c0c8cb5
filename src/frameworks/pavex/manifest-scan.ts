/**
 * A small, read-only reader for the parts of Cargo.toml that detection needs
 * (workspace members, dependency declarations, package metadata). Detection runs
 * for every project and must stay synchronous and cheap, so the wasm TOML editor
 * is only loaded when a plan edits a manifest.
 */
import path from 'node:path';
import type { ProjectFiles } from '../../detect/project.js';

export interface ManifestScan {
  packageName: string | null;
  isWorkspace: boolean;
  members: string[];
  /** `name -> raw value text` for keys of [dependencies] and [workspace.dependencies]. */
  dependencies: Map<string, string>;
  workspaceDependencies: Map<string, string>;
  /** Table headers seen, e.g. "package.metadata.px.generate". */
  tables: Set<string>;
  /** 1-based line of each dependency key, for messages. */
  dependencyLines: Map<string, number>;
}

function stripComment(line: string): string {
  let inString: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\' && inString === '"') i++;
      else if (c === inString) inString = null;
    } else if (c === '"' || c === "'") inString = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

export function scanManifest(text: string): ManifestScan {
  const scan: ManifestScan = {
    packageName: null,
    isWorkspace: false,
    members: [],
    dependencies: new Map(),
    workspaceDependencies: new Map(),
    tables: new Set(),
    dependencyLines: new Map(),
  };
  const lines = text.split(/\r?\n/);
  let table = '';
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]).trim();
    if (!line) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      table = header[1].replace(/\s+/g, '');
      scan.tables.add(table);
      if (table === 'workspace') scan.isWorkspace = true;
      continue;
    }
    const kv = /^("?)([A-Za-z0-9_.-]+)\1\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[2];
    let value = kv[3];
    // Multi-line arrays/inline tables: gather until brackets balance.
    let depth = balance(value);
    while (depth > 0 && i + 1 < lines.length) {
      i++;
      const next = stripComment(lines[i]);
      value += `\n${next}`;
      depth += balance(next);
    }
    if (table === 'package' && key === 'name') scan.packageName = unquote(value);
    if (table === 'workspace' && key === 'members') scan.members = stringsIn(value);
    if (table === 'dependencies' || (table.startsWith('target.') && table.endsWith('.dependencies'))) {
      const name = key.split('.')[0];
      scan.dependencies.set(name, value);
      scan.dependencyLines.set(name, i + 1);
    }
    if (table === 'workspace.dependencies') scan.workspaceDependencies.set(key.split('.')[0], value);
    // `[dependencies.pavex]` style tables.
  }
  for (const t of scan.tables) {
    const m = /^dependencies\.([A-Za-z0-9_-]+)$/.exec(t);
    if (m && !scan.dependencies.has(m[1])) scan.dependencies.set(m[1], sectionText(text, t));
  }
  return scan;
}

function balance(text: string): number {
  let depth = 0;
  let inString: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\' && inString === '"') i++;
      else if (c === inString) inString = null;
    } else if (c === '"' || c === "'") inString = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth;
}

function unquote(value: string): string {
  const m = /^\s*(["'])(.*)\1/.exec(value);
  return m ? m[2] : value.trim();
}

function stringsIn(value: string): string[] {
  return [...value.matchAll(/(["'])(.*?)\1/g)].map((m) => m[2]);
}

/** The body of a `[dependencies.<name>]` table as `key = value` lines. */
function sectionText(text: string, table: string): string {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => stripComment(l).trim().replace(/\s+/g, '') === `[${table}]`);
  const body: string[] = [];
  for (let i = start + 1; i < lines.length && !/^\s*\[/.test(lines[i]); i++) body.push(stripComment(lines[i]).trim());
  return `{ ${body.filter(Boolean).join(', ')} }`;
}

/** The version requirement of a dependency value (`"0.2"`, `{ version = "0.2" }`), or null. */
export function versionOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^["']/.test(trimmed)) return unquote(trimmed);
  const m = /\bversion\s*=\s*(["'])(.*?)\1/.exec(trimmed);
  return m ? m[2] : null;
}

export function usesWorkspaceVersion(value: string | undefined): boolean {
  return value !== undefined && /\bworkspace\s*=\s*true\b/.test(value);
}

/** The version of a package recorded in Cargo.lock, if there is exactly one. */
export function lockedVersion(lock: string | null, name: string): string | null {
  if (!lock) return null;
  const versions = [...lock.matchAll(/\[\[package\]\]\s*\nname = "([^"]+)"\s*\nversion = "([^"]+)"/g)]
    .filter((m) => m[1] === name)
    .map((m) => m[2]);
  return versions.length === 1 ? versions[0] : null;
}

/** Crate folders of the workspace whose manifest is at `root`, expanding simple `dir/*` globs. */
export function memberDirs(files: ProjectFiles, root: ManifestScan): string[] {
  const dirs: string[] = [];
  for (const member of root.members) {
    if (member.endsWith('/*')) {
      const base = member.slice(0, -2);
      for (const entry of files.list(base).sort()) {
        if (files.exists(path.posix.join(base, entry, 'Cargo.toml'))) dirs.push(path.posix.join(base, entry));
      }
    } else dirs.push(member.replace(/\/$/, ''));
  }
  return dirs;
}

/**
 * The shared crate lookup of the Rust integrations: which crate of a workspace is the
 * app when several depend on the framework crate, and the versions and files it reads.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectFiles, type Project } from '../../../src/detect/project.js';
import { locateCrate } from '../../../src/frameworks/rust-crate/locate.js';

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

function project(root: string, cwd = root): Project {
  return {
    root,
    cwd,
    workspaceRoot: null,
    ecosystem: 'rust',
    packageJson: null,
    packageManager: null,
    language: 'rust',
    moduleSystem: null,
    node: null,
    files: new ProjectFiles(root),
  };
}

const member = (name: string, serves: boolean) => ({
  [`${name}/Cargo.toml`]: `[package]\nname = "${name}"\n\n[dependencies]\nweb = { workspace = true }\n`,
  [`${name}/src/main.rs`]: `mod app;\nfn main() {}\n`,
  [`${name}/src/app.rs`]: serves ? '// serve()\npub fn run() { serve(); }\n' : '// serve()\npub fn run() {}\n',
});

function workspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sk-rust-crate-'));
  write(root, {
    'Cargo.toml': '[workspace]\nmembers = ["tools", "api", "other"]\n\n[workspace.dependencies]\nweb = "4.2"\n',
    'Cargo.lock': '[[package]]\nname = "web"\nversion = "4.9.0"\n',
    ...member('tools', false),
    ...member('api', true),
    ...member('other', true),
  });
  return root;
}

const describeCrate = (
  crate: { crateDir: string; modules: Map<string, string[]> },
  facts: { declared(n: string): string | null; locked(n: string): string | null; filesMatching(p: RegExp): string[] },
) => ({
  crateDir: crate.crateDir,
  modules: [...crate.modules.entries()],
  declared: facts.declared('web'),
  locked: facts.locked('web'),
  serving: facts.filesMatching(/\bserve\(/),
});

describe('locateCrate', () => {
  it('reads the workspace requirement, the lock and the matching files (code only, not comments)', () => {
    const root = workspace();
    const found = locateCrate(project(root, path.join(root, 'tools/src')), 'web', describeCrate, () => false);
    expect(found).toEqual({
      crateDir: 'tools',
      modules: [['tools/src/main.rs', ['tools/src/main.rs', 'tools/src/app.rs']]],
      declared: '4.2',
      locked: '4.9.0',
      serving: [],
    });
  });

  it('with several crates: the one --cwd is in, else the first the framework prefers, else the first', () => {
    const root = workspace();
    const serves = (a: { serving: string[] }) => a.serving.length > 0;
    expect(locateCrate(project(root, path.join(root, 'other')), 'web', describeCrate, serves)?.crateDir).toBe('other');
    expect(locateCrate(project(root), 'web', describeCrate, serves)?.crateDir).toBe('api');
    expect(locateCrate(project(root), 'web', describeCrate, () => false)?.crateDir).toBe('tools');
    expect(locateCrate(project(root), 'missing', describeCrate, serves)).toBeNull();
  });
});

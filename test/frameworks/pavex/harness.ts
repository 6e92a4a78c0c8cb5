/**
 * Test harness for the Pavex module: copy a fixture, detect, plan through the
 * contracts (PlanBuilder), and write the plan's files the way apply will.
 */
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanBuilder, type Plan } from '../../../src/core/plan.js';
import { ProjectFiles, type Project } from '../../../src/detect/project.js';
import { pavex } from '../../../src/frameworks/pavex/index.js';
import { STORE_IDS, type StoreDescriptor, type StoreId } from '../../../src/stores/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures');
export const STORE_LIST: StoreId[] = [...STORE_IDS];

export function storeDescriptor(id: StoreId): StoreDescriptor {
  const dialect = id === 'postgres' || id === 'mysql' || id === 'sqlite' ? id : null;
  return {
    id,
    label: id,
    hint: '',
    persistent: id !== 'memory',
    dialect,
    env: [],
    styles: { 'connect-store': { packages: [] }, 'generated-adapter': { packages: [] } },
  };
}

/** A copy of a fixture's input/ in a temp dir (without a cargo target/ left in it). */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `sk-${name}-`));
  cpSync(path.join(FIXTURES, name, 'input'), dir, {
    recursive: true,
    filter: (src) => !src.endsWith(`${path.sep}target`),
  });
  return dir;
}

export function rustProject(root: string, cwd = root): Project {
  return {
    root,
    cwd,
    workspaceRoot: root,
    ecosystem: 'rust',
    packageJson: null,
    packageManager: null,
    language: 'rust',
    moduleSystem: null,
    node: null,
    files: new ProjectFiles(root),
  } as Project;
}

export async function planAdd(root: string, store: StoreId, cwd = root, fixOrder = false): Promise<Plan> {
  const project = rustProject(root, cwd);
  const detection = pavex.detect(project);
  if (!detection) throw new Error(`pavex not detected in ${root}`);
  const builder = new PlanBuilder(
    {
      command: 'add',
      root,
      framework: { id: 'pavex', name: 'Pavex', setupFile: detection.setupFile },
      store,
      packageManager: null,
      ecosystem: 'rust',
    },
    (rel) => project.files.read(rel),
  );
  await pavex.plan({ project, detection, builder, options: { store: storeDescriptor(store), fixOrder } });
  return builder.finish();
}

/** Writes `after` of every planned file (deleting when null). */
export function writePlan(root: string, plan: Plan): void {
  for (const file of plan.files) {
    const abs = path.join(root, file.path);
    if (file.after === null) rmSync(abs, { force: true });
    else if (file.after !== file.before) {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, file.after);
    }
  }
}

/** Every file under dir (relative paths), skipping target/ and expected/. */
export function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'target' || entry === 'expected') continue;
    const abs = path.join(dir, entry);
    if (statSync(abs).isDirectory()) out.push(...listFiles(abs, base));
    else out.push(path.relative(base, abs).split(path.sep).join('/'));
  }
  return out.sort();
}

export function read(root: string, rel: string): string {
  return readFileSync(path.join(root, rel), 'utf8');
}

/** pavex-new reshaped so pavex is a `[workspace.dependencies]` entry used with `workspace = true`. */
export function useWorkspaceDependencies(dir: string): void {
  const root = path.join(dir, 'Cargo.toml');
  writeFileSync(root, `${readFileSync(root, 'utf8')}\n[workspace.dependencies]\npavex = "0.2.10"\n`);
  const app = path.join(dir, 'app/Cargo.toml');
  writeFileSync(
    app,
    readFileSync(app, 'utf8').replace('pavex = { version = "0.2.10" }', 'pavex = { workspace = true }'),
  );
}

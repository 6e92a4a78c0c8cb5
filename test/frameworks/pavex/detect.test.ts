/**
 * Detection: the app crate, its pavex version, blueprint, configuration folder,
 * migrations folder and style, workspace_hack, from the root or a crate dir.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pavex } from '../../../src/frameworks/pavex/index.js';
import { copyFixture, FIXTURES, planAdd, rustProject, writePlan } from './harness.js';

describe('detect', () => {
  it('pavex-new from the workspace root', () => {
    const detection = pavex.detect(rustProject(path.join(FIXTURES, 'pavex-new', 'input')));
    expect(detection).toMatchObject({
      setupFile: 'app/src/blueprint.rs',
      version: '0.2.10',
      facts: {
        crate: 'app',
        crateDir: 'app',
        pavexDeclared: '0.2.10',
        pavexLocked: '0.2.10',
        configuration: 'configuration',
        migrations: 'migrations',
        migrationsStyle: 'timestamp (folder not created yet)',
        workspaceHack: true,
        legacyStyle: false,
        cookieCryptoRequired: true,
        sessionCrates: null,
      },
    });
  });

  it('pavex-custom from a crate dir (members glob, sequential up/down migrations in the crate)', () => {
    const root = path.join(FIXTURES, 'pavex-custom', 'input');
    const detection = pavex.detect(rustProject(root, path.join(root, 'crates/api/src')));
    expect(detection).toMatchObject({
      setupFile: 'crates/api/src/blueprint.rs',
      facts: {
        crate: 'api',
        migrations: 'crates/api/migrations',
        migrationsStyle: 'sequential, up/down',
        workspaceHack: false,
      },
    });
  });

  it('reports the session crates already declared', async () => {
    const dir = copyFixture('pavex-new');
    writePlan(dir, await planAdd(dir, 'sqlite'));
    expect(pavex.detect(rustProject(dir))?.facts?.sessionCrates).toBe('pavex_session, pavex_session_sqlx');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Rust workspace without pavex is not a Pavex app', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-rust-'));
    writeFileSync(
      path.join(dir, 'Cargo.toml'),
      '[package]\nname = "cli"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\n# pavex = "0.2" (commented out)\n',
    );
    expect(pavex.detect(rustProject(dir))).toBeNull();
    rmSync(dir, { recursive: true, force: true });
  });
});

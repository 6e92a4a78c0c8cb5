/**
 * Inputs session-kit must refuse: a clear UserError (file:line, what to do,
 * lines to add by hand where it helps) and nothing written.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { pavex } from '../../../src/frameworks/pavex/index.js';
import type { StoreId } from '../../../src/stores/types.js';
import { copyFixture, listFiles, planAdd, rustProject, writePlan } from './harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixture(name: string): string {
  const dir = copyFixture(name);
  dirs.push(dir);
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

/** Runs add the way the CLI would (plan, then write only on success) and returns the refusal. */
async function refusal(dir: string, store: StoreId = 'postgres', cwd = dir): Promise<UserError> {
  const before = snapshot(dir);
  let error: unknown = null;
  try {
    writePlan(dir, await planAdd(dir, store, cwd));
  } catch (e) {
    error = e;
  }
  expect(snapshot(dir)).toEqual(before);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function edit(dir: string, rel: string, change: (text: string) => string): void {
  const abs = path.join(dir, rel);
  writeFileSync(abs, change(readFileSync(abs, 'utf8')));
}

describe('bad input', () => {
  it('blueprint.rs that does not parse', async () => {
    const dir = fixture('pavex-new');
    edit(dir, 'app/src/blueprint.rs', (t) =>
      t.replace('telemetry::instrument(&mut bp);', 'telemetry::instrument(&mut bp;'),
    );
    const error = await refusal(dir);
    expect(error.code).toBe('parse-error');
    expect(error.where?.file).toBe('app/src/blueprint.rs');
    expect(error.where?.line).toBe(17);
    expect(error.message).toMatch(/does not parse as Rust/);
    expect(error.manual).toContain('bp.post_process(FINALIZE_SESSION);');
    expect(error.manual).toContain('bp.post_process(INJECT_RESPONSE_COOKIES);');
  });

  it('FINALIZE_SESSION registered after INJECT_RESPONSE_COOKIES', async () => {
    const dir = fixture('pavex-custom');
    edit(dir, 'crates/api/src/blueprint.rs', (t) =>
      t
        .replace('use pavex::Blueprint;\r\n', 'use pavex::Blueprint;\r\nuse pavex_session::FINALIZE_SESSION;\r\n')
        .replace(
          '    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n',
          '    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n    bp.post_process(FINALIZE_SESSION);\r\n',
        ),
    );
    const error = await refusal(dir, 'memory');
    expect(error.code).toBe('wrong-order');
    expect(error.where).toMatchObject({ file: 'crates/api/src/blueprint.rs', line: 13, column: 5 });
    expect(error.hint).toMatch(
      /Move `bp\.post_process\(FINALIZE_SESSION\);` above `bp\.post_process\(INJECT_RESPONSE_COOKIES\);` \(line 12\)/,
    );
    expect(error.manual).toBe('bp.post_process(FINALIZE_SESSION);\nbp.post_process(INJECT_RESPONSE_COOKIES);');
  });

  it('two crates of the workspace depend on pavex and have a blueprint: asks for --cwd, and --cwd picks one', async () => {
    const dir = fixture('pavex-new');
    mkdirSync(path.join(dir, 'admin/src'), { recursive: true });
    writeFileSync(
      path.join(dir, 'admin/Cargo.toml'),
      '[package]\nname = "admin"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\npavex = "0.2.10"\n',
    );
    writeFileSync(path.join(dir, 'admin/src/lib.rs'), 'mod blueprint;\npub use blueprint::blueprint;\n');
    writeFileSync(
      path.join(dir, 'admin/src/blueprint.rs'),
      'use pavex::{Blueprint, blueprint::from};\n\npub fn blueprint() -> Blueprint {\n    let mut bp = Blueprint::new();\n    bp.import(from![crate, pavex]);\n    bp\n}\n',
    );
    edit(dir, 'Cargo.toml', (t) =>
      t.replace('members = ["app", "workspace_hack"]', 'members = ["app", "admin", "workspace_hack"]'),
    );
    const error = await refusal(dir);
    expect(error.code).toBe('ambiguous-app');
    expect(error.message).toContain('app (app)');
    expect(error.message).toContain('admin (admin)');
    expect(error.hint).toContain('--cwd');

    const plan = await planAdd(dir, 'memory', path.join(dir, 'admin'));
    expect(plan.files.map((f) => f.path)).toContain('admin/src/blueprint.rs');
    expect(plan.files.map((f) => f.path)).toContain('admin/Cargo.toml');
  });

  it('a generated server_sdk and a server without blueprint do not make the app ambiguous', async () => {
    const dir = fixture('pavex-new');
    for (const [crate, extra] of [
      [
        'server_sdk',
        '\n[package.metadata.px.generate]\ngenerator_type = "cargo_workspace_binary"\ngenerator_name = "bp"\n',
      ],
      ['server', ''],
    ]) {
      mkdirSync(path.join(dir, crate, 'src'), { recursive: true });
      writeFileSync(
        path.join(dir, crate, 'Cargo.toml'),
        `[package]\nname = "${crate}"\nversion = "0.1.0"\nedition = "2024"\n${extra}\n[dependencies]\npavex = "0.2.10"\n`,
      );
      writeFileSync(path.join(dir, crate, 'src/lib.rs'), '');
    }
    edit(dir, 'Cargo.toml', (t) =>
      t.replace('members = ["app", "workspace_hack"]', 'members = ["app", "server_sdk", "server", "workspace_hack"]'),
    );
    const detection = pavex.detect(rustProject(dir));
    expect(detection?.setupFile).toBe('app/src/blueprint.rs');
  });

  it('Pavex 0.1.x (f! paths): detect reports it, add refuses naming the version and the upgrade', async () => {
    const dir = fixture('pavex-new');
    rmSync(path.join(dir, 'Cargo.lock'));
    edit(dir, 'app/Cargo.toml', (t) => t.replace(/"0\.2\.10"/g, '"0.1.80"'));
    edit(dir, 'app/src/blueprint.rs', (t) =>
      t.replace(
        'bp.prefix("/api").routes(from![crate]);',
        'bp.route(GET, "/api/ping", f!(crate::routes::ping::ping));',
      ),
    );
    const detection = pavex.detect(rustProject(dir));
    expect(detection?.version).toBe('0.1.80');
    expect(String(detection?.facts?.legacyStyle)).toMatch(/pavex 0\.1\.80 \(0\.1\.x\).*f!/);
    const steps = await pavex.recognise(rustProject(dir), detection!);
    expect(steps.map((s) => s.kind)).toContain('legacy-kit');
    const error = await refusal(dir);
    expect(error.code).toBe('unsupported-version');
    expect(error.message).toContain('0.1.80');
    expect(error.hint).toMatch(/Upgrade pavex and every pavex_\* crate to 0\.2\.x/);
  });

  it('redis store on a pavex older than 0.2.7 (the first pavex_session_redis release)', async () => {
    const dir = fixture('pavex-new');
    rmSync(path.join(dir, 'Cargo.lock'));
    edit(dir, 'app/Cargo.toml', (t) => t.replace(/"0\.2\.10"/g, '"0.2.6"'));
    const error = await refusal(dir, 'redis');
    expect(error.message).toMatch(/needs pavex 0\.2\.7 or later; this app uses 0\.2\.6/);
    expect(error.where).toMatchObject({ file: 'app/Cargo.toml', line: 20 });
  });

  it('a sqlx store on pavex 0.2.5, for which pavex_session_sqlx was never published', async () => {
    const dir = fixture('pavex-new');
    rmSync(path.join(dir, 'Cargo.lock'));
    edit(dir, 'app/Cargo.toml', (t) => t.replace(/"0\.2\.10"/g, '"0.2.5"'));
    const error = await refusal(dir, 'sqlite');
    expect(error.message).toBe(
      'pavex_session_sqlx was never published for pavex 0.2.5, and the session crates must match the pavex version.',
    );
    expect(error.hint).toMatch(/0\.2\.7 or later/);
    // The memory store exists for every 0.2 release.
    const plan = await planAdd(dir, 'memory');
    expect(plan.files.find((f) => f.path === 'app/Cargo.toml')?.after).toContain(
      'pavex_session_memory_store = { version = "0.2.5" }',
    );
  });

  it('configuration/base.yml that is not valid YAML', async () => {
    const dir = fixture('pavex-new');
    edit(dir, 'configuration/base.yml', (t) => t.replace('  port: 8000', '  port: [8000'));
    const error = await refusal(dir);
    expect(error.code).toBe('parse-error');
    expect(error.where?.file).toBe('configuration/base.yml');
    expect(error.where?.line).toBeGreaterThan(0);
  });
});

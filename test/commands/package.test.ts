/**
 * What `npx session-kit` gets: the packed tarball installed into an empty project
 * (it has no runtime dependencies: everything is bundled into dist/, with the .wasm
 * files the Rust parser loads at run time), run on real fixtures.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/app-runner.js';
import { REPO, copyFixture } from '../helpers/fixtures.js';
import { copyFixture as copyPavexFixture } from '../frameworks/pavex/harness.js';

describe('the published package', () => {
  let bin: string;
  let consumer: string;

  beforeAll(async () => {
    assertBuilt();
    const work = mkdtempSync(path.join(os.tmpdir(), 'sk-package-'));
    const packed = await execa('npm', ['pack', '--silent', '--pack-destination', work], { cwd: REPO });
    const tarball = path.join(work, packed.stdout.trim().split('\n').pop() as string);
    consumer = path.join(work, 'consumer');
    await execa('mkdir', ['-p', consumer]);
    writeFileSync(path.join(consumer, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
    await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: consumer });
    bin = path.join(consumer, 'node_modules/.bin/session-kit');
  }, 300_000);

  /** `add --store <store> --dry-run` on `dir` with the installed bin, its exit code not thrown. */
  const dryRun = (dir: string, store: string) =>
    execa(bin, ['add', '--store', store, '--dry-run', '--cwd', dir], { reject: false, env: { NO_COLOR: '1' } });

  it('answers --version and --help', async () => {
    expect((await execa(bin, ['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await execa(bin, ['--help'])).stdout).toContain('Usage: session-kit');
  });

  it('plans a Node app and checks it', async () => {
    const dir = copyFixture('express5-esm-ts');
    const dry = await dryRun(dir, 'postgres');
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+app.use(sessionMiddleware)');
    expect(dry.stdout).toMatch(/create\s+migrations\/\d+_create_session_table\.sql/);
    const check = await execa(bin, ['check', '--cwd', dir], { reject: false });
    expect(check.exitCode, check.stderr).toBe(0);
  });

  it('installs no other package', () => {
    expect(existsSync(path.join(consumer, 'node_modules/session-kit'))).toBe(true);
    expect(existsSync(path.join(consumer, 'node_modules/web-tree-sitter'))).toBe(false);
  });

  it('plans an axum app (tree-sitter and its wasm load from dist/)', async () => {
    const dir = copyFixture('axum-main');
    const dry = await dryRun(dir, 'memory');
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+        .layer(session::session_layer());');
  });

  it('plans a Pavex workspace', async () => {
    const dir = copyPavexFixture('pavex-new');
    const dry = await dryRun(dir, 'memory');
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('bp.post_process(FINALIZE_SESSION)');
    expect(dry.stdout).toContain('pavex_session');
  });
});

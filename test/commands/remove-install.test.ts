/**
 * The one real-install round trip: the BUILT CLI runs `add` (npm installs) and then
 * `remove` (npm uninstalls) on a fixture. Files come back byte-identical; package.json
 * comes back to the same content (npm may rewrite it) and the lockfile npm created stays.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/app-runner.js';
import { snapshot } from '../helpers/round-trip.js';

describe('add then remove with real installs (built CLI, npm)', () => {
  it('express4-cjs with the memory store', { timeout: 240_000 }, async () => {
    const dir = copyFixture('express4-cjs');
    const before = snapshot(dir);
    const originalPkg = JSON.parse(before.get('package.json') as string);

    const added = await runCli(['add', '--store', 'memory', '--yes'], dir);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'node_modules/express-session/package.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies).toHaveProperty(
      'express-session',
    );

    const preview = await runCli(['remove', '--dry-run', '--json'], dir);
    expect(preview.exitCode, preview.stderr).toBe(0);
    const plan = JSON.parse(preview.stdout);
    expect(plan).toMatchObject({ ok: true, dryRun: true, command: 'remove' });
    expect([...plan.removeDependencies].sort()).toEqual(['express-session', 'memorystore']);
    expect(plan.installCommands[0].slice(0, 2)).toEqual(['npm', 'uninstall']);
    expect(plan.kept.map((k: { path: string }) => k.path)).toEqual(expect.arrayContaining(['.env', '.gitignore']));
    expect(existsSync(path.join(dir, 'session.js')), 'dry run writes nothing').toBe(true);

    const removed = await runCli(['remove', '--yes'], dir);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Uninstalled:');
    expect(removed.stdout).toMatch(/Kept:\n {2}\.env {2}holds the generated session secret/);

    const after = snapshot(dir);
    for (const [rel, text] of before) {
      if (rel === 'package.json') continue;
      expect(after.get(rel), `${rel} is byte-identical`).toBe(text);
    }
    expect(JSON.parse(after.get('package.json') as string)).toEqual(originalPkg);
    const extra = [...after.keys()].filter((rel) => !before.has(rel)).sort();
    expect(extra).toEqual(['.env', '.gitignore', 'package-lock.json']);
    expect(existsSync(path.join(dir, 'node_modules/express-session'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/memorystore'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/express/package.json')), 'packages the app had stay').toBe(true);
  });
});

/**
 * `add` on the Pavex fixtures, beyond the pairs of test/frameworks/pairs.test.ts:
 * what the plan says, where FINALIZE_SESSION goes, the Cargo.toml lines that may
 * change, and the secret written to .env.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWithoutInstall, copyFixture as copyInput, linesNotKept, plan as fullPlan } from '../../helpers/fixtures.js';
import { copyFixture, planAdd, STORE_LIST } from './harness.js';

const FIXTURE_NAMES = ['pavex-new', 'pavex-custom'] as const;

describe.each(FIXTURE_NAMES)('add on %s', (fixture) => {
  it.each(STORE_LIST)(
    '--store %s: Cargo.toml changes only the lines of dependencies whose features grew',
    async (store) => {
      const dir = copyFixture(fixture);
      const plan = await planAdd(dir, store);
      const grown = plan.dependencies
        .filter((d) => d.why.endsWith('(features)') || (d.name === 'sqlx' && !d.why.startsWith('connection')))
        .map((d) => d.name);
      const manifests = plan.files.filter(
        (f) => f.path.endsWith('Cargo.toml') && f.before !== null && f.after !== null && f.before !== f.after,
      );
      expect(manifests.length).toBeGreaterThan(0);
      for (const f of manifests) {
        expect(f.splices, `${f.path}: written whole`).toEqual([]);
        const changed = linesNotKept(f.before ?? '', f.after ?? '');
        expect(
          changed.filter((l) => !grown.some((name) => l.startsWith(`${name} =`))),
          f.path,
        ).toEqual([]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  );

  it.each(STORE_LIST)('--store %s: .env sets the cookie crypto rule with a generated key', async (store) => {
    const dir = copyFixture(fixture);
    const plan = await planAdd(dir, store);
    const env = plan.files.find((f) => f.path === '.env')?.after ?? '';
    expect(env).toMatch(
      /^PX_COOKIES__CRYPTO_RULES='\[\{cookie_names=\["id"\],algorithm="encryption",key="[A-Za-z0-9_-]{64}"\}\]'$/m,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('plan details', () => {
  it('pavex-new: generated secret only in .env, hakari and migration next steps', async () => {
    const dir = copyFixture('pavex-new');
    const plan = await planAdd(dir, 'postgres');
    const secret = plan.env.find((e) => e.key === 'PX_COOKIES__CRYPTO_RULES');
    expect(secret?.secret).toBe(true);
    const key = /key="([^"]+)"/.exec(secret?.value ?? '')?.[1] ?? '';
    expect(Buffer.byteLength(key)).toBeGreaterThanOrEqual(32);
    const holders = plan.files.filter((f) => f.after?.includes(key)).map((f) => f.path);
    expect(holders).toEqual(['.env']);
    expect(plan.nextSteps.some((s) => s.startsWith('cargo hakari generate'))).toBe(true);
    expect(plan.nextSteps.some((s) => s.startsWith('sqlx migrate run --source migrations'))).toBe(true);
    expect(plan.nextSteps.some((s) => s.startsWith('cargo px check'))).toBe(true);
    expect(plan.migrations).toEqual([
      expect.objectContaining({ tool: 'sqlx', dialect: 'postgres', table: 'sessions' }),
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pavex-custom: reuses the existing PgPool, follows the up/down numbering, no hakari step', async () => {
    const dir = copyFixture('pavex-custom');
    const plan = await planAdd(dir, 'postgres');
    expect(plan.warnings.join('\n')).toMatch(/Reusing pool \(crates\/api\/src\/db\.rs:\d+\)/);
    expect(plan.files.some((f) => f.path.endsWith('session_store.rs'))).toBe(false);
    const created = plan.files
      .filter((f) => f.before === null)
      .map((f) => f.path)
      .sort();
    expect(created).toContain('crates/api/migrations/0002_create_sessions.up.sql');
    expect(created).toContain('crates/api/migrations/0002_create_sessions.down.sql');
    expect(plan.nextSteps.some((s) => s.includes('hakari'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pavex-custom: FINALIZE_SESSION goes right above the existing INJECT_RESPONSE_COOKIES', async () => {
    const dir = copyFixture('pavex-custom');
    const plan = await planAdd(dir, 'memory');
    const bp = plan.files.find((f) => f.path === 'crates/api/src/blueprint.rs')?.after ?? '';
    const finalize = bp.indexOf('bp.post_process(FINALIZE_SESSION);');
    const inject = bp.indexOf('bp.post_process(INJECT_RESPONSE_COOKIES);');
    expect(finalize).toBeGreaterThan(-1);
    expect(bp.slice(finalize, inject)).toBe('bp.post_process(FINALIZE_SESSION);\r\n    ');
    expect(bp.indexOf('bp.route(routes::INDEX)')).toBeGreaterThan(inject);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a second run after the user deleted .env', () => {
  it.each(FIXTURE_NAMES)('%s: the setup add wrote is recognised as ours and .env is written again', async (fixture) => {
    const dir = copyInput(fixture);
    await addWithoutInstall(dir, { store: 'memory' });
    rmSync(path.join(dir, '.env'));
    const again = await fullPlan(dir, { store: 'memory' });
    const changed = again.files.filter((f) => f.before !== f.after).map((f) => f.path);
    expect(changed).toContain('.env');
    expect(changed.filter((p) => p !== '.env' && p !== '.session-kit.json')).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a store registered outside add's manifest is still the user's: refused", async () => {
    const dir = copyInput('pavex-new');
    await addWithoutInstall(dir, { store: 'memory' });
    rmSync(path.join(dir, '.session-kit.json'));
    rmSync(path.join(dir, '.env'));
    await expect(fullPlan(dir, { store: 'memory' })).rejects.toThrow(
      /already sets up a session \(pavex_session_memory_store\)/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

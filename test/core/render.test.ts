import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskEnvValues, planToJson, renderDiff } from '../../src/core/render.js';
import { emptyPlan } from '../../src/core/plan.js';
import { copyFixture, plan } from '../helpers/fixtures.js';

const USER_ENV =
  '# a comment\nPRIVATE_KEY="-----BEGIN KEY-----\nMIIBOgIBAAJBAKj\n-----END KEY-----"\nEMPTY=\nexport DB_PASSWORD="pa ss"\nSTRIPE_SECRET=sk_live_51Habc\n';
const LEAKS = ['sk_live_51Habc', 'pa ss', 'MIIBOgIBAAJBAKj', 'BEGIN KEY'];

describe('.env values in every output of add --dry-run', () => {
  it("the diff and --json show the keys of the user's .env, never its values or the generated secret", async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.env'), USER_ENV);
    const result = await plan(dir, { store: 'memory' });
    const secret = result.env.find((e) => e.key === 'SESSION_SECRET')?.value as string;
    expect(secret).toMatch(/^[\w-]{43}$/);
    const diff = await renderDiff(result, false);
    const json = JSON.stringify(planToJson(result));
    for (const text of [diff, json]) {
      for (const leak of [...LEAKS, secret]) expect(text).not.toContain(leak);
    }
    expect(diff).toContain(' STRIPE_SECRET=<kept>');
    expect(diff).toContain(' export DB_PASSWORD=<kept>');
    expect(diff).toContain('+SESSION_SECRET=<generated secret, hidden>');
    const envFile = (planToJson(result).files as { path: string; before: string; after: string }[]).find(
      (f) => f.path === '.env',
    );
    expect(envFile?.before).toBe(
      '# a comment\nPRIVATE_KEY=<kept>\n<kept>\n<kept>\nEMPTY=\nexport DB_PASSWORD=<kept>\nSTRIPE_SECRET=<kept>\n',
    );
    expect(envFile?.after).toBe(`${envFile?.before}SESSION_SECRET=<generated secret, hidden>\n`);
  });
});

describe('maskEnvValues', () => {
  const plan = {
    ...emptyPlan({
      command: 'add',
      root: '/x',
      framework: { id: 'express', name: 'Express', setupFile: null },
      store: 'sqlite',
      packageManager: null,
      ecosystem: 'node',
    }),
  };
  plan.env = [
    { key: 'SESSION_SECRET', description: '', example: '', secret: true, value: 'generated-value-xyz' },
    { key: 'SESSION_DB', description: '', example: '', secret: false, value: 'sessions.db' },
  ];

  it('shows only the non-secret values the plan itself writes', () => {
    expect(
      maskEnvValues(
        'SESSION_DB=sessions.db\r\nSESSION_DB_OLD=other.db\r\nSESSION_SECRET=generated-value-xyz\r\nSESSION_DB=changed.db\r\n',
        plan,
      ),
    ).toBe(
      'SESSION_DB=sessions.db\r\nSESSION_DB_OLD=<kept>\r\nSESSION_SECRET=<generated secret, hidden>\r\nSESSION_DB=<kept>\r\n',
    );
  });

  it('leaves .env.example alone in the JSON (placeholders are documentation)', () => {
    const withExample = {
      ...plan,
      files: [
        {
          path: '.env.example',
          before: 'STRIPE_SECRET=sk_test_placeholder\n',
          after: 'STRIPE_SECRET=sk_test_placeholder\nSESSION_SECRET=\n',
          splices: [],
          role: 'env' as const,
          reason: '',
        },
      ],
    };
    expect((planToJson(withExample).files as { after: string }[])[0].after).toBe(
      'STRIPE_SECRET=sk_test_placeholder\nSESSION_SECRET=\n',
    );
  });
});

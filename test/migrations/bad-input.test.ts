/** Refusals of `add` around the session table: clear message, nothing written. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { copyFixture, listFiles, plan, read } from '../helpers/fixtures.js';

describe('a prisma schema that already has a model named Session', () => {
  it('refuses with the schema line and the model to add by hand; nothing is written', async () => {
    const dir = copyFixture('migrations-prisma-clash');
    const before = Object.fromEntries(listFiles(dir).map((f) => [f, read(dir, f)]));
    const error = await plan(dir, { store: 'postgres' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    const refusal = error as UserError;
    expect(refusal.code).toBe('table-conflict');
    expect(refusal.message).toBe(
      'prisma/schema.prisma already has a model named Session (table "Session") that is not the connect-pg-simple session table.',
    );
    expect(refusal.where).toEqual({ file: 'prisma/schema.prisma', line: 15 });
    expect(refusal.manual).toContain('model ConnectSession {');
    expect(refusal.manual).toContain('@@map("session")');
    expect(Object.fromEntries(listFiles(dir).map((f) => [f, read(dir, f)]))).toEqual(before);
  });
});

describe('a schema tool configured for another database than the store', () => {
  it('drizzle: warns that drizzle.config says postgres while the store is mysql', async () => {
    const result = await plan(copyFixture('migrations-drizzle'), { store: 'mysql' });
    expect(result.warnings).toContain(
      'drizzle.config says postgres but the session store is mysql: the table was written for mysql; check the store choice.',
    );
  });

  it('prisma: warns that the datasource provider is postgresql while the store is mysql', async () => {
    const result = await plan(copyFixture('migrations-prisma'), { store: 'mysql' });
    expect(result.warnings.join('\n')).toContain(
      'prisma/schema.prisma uses the postgresql provider but the session store is mysql',
    );
  });
});

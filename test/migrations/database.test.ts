import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { assertReadableUrl, connectDatabase, redactUrl, scrubMessage } from '../../src/migrations/database.js';

async function refusal(run: Promise<unknown>): Promise<UserError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('redactUrl', () => {
  it.each([
    ['postgres://app:hunter2@127.0.0.1:5432/app', 'postgres://app:***@127.0.0.1:5432/app'],
    ['mysql://root:ab/cd@host/db', 'mysql://root:***@host/db'],
    ['postgres://u:1234/xy@host:5999/db', 'postgres://u:***@host:5999/db'],
    ['postgres://u:p@ss:w?rd@host/db', 'postgres://u:***@host/db'],
    ['postgres://u@host/db?password=querysecret', 'postgres://u@host/db?password=***'],
    [
      'postgres://host/db?sslmode=require&sslpassword=keypass&application_name=x',
      'postgres://host/db?sslmode=require&sslpassword=***&application_name=x',
    ],
    ['mysql://root@127.0.0.1:1/test', 'mysql://root@127.0.0.1:1/test'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('scrubs a driver message that quotes the URL or the password, raw or decoded', () => {
    const url = 'postgres://u:s%2Fecret@host/db?password=querysecret';
    expect(scrubMessage(`connect failed for ${url}: bad password "s/ecret" (querysecret)`, url)).toBe(
      'connect failed for postgres://u:***@host/db?password=***: bad password "***" (***)',
    );
  });
});

describe('an unparsable database URL', () => {
  it.each(['mysql://root:ab/cd@127.0.0.1:3306/test', 'postgres://u:1234/xy@127.0.0.1:5999/db'])(
    '%s: refused, saying a / in the password must be percent-encoded, password hidden',
    async (url) => {
      const error = await refusal(connectDatabase(process.cwd(), url, '--database-url'));
      expect(error.code).toBe('usage');
      expect(error.message).toMatch(
        /^The database URL \(--database-url\) cannot be parsed: \w+:\/\/\w+:\*\*\*@127\.0\.0\.1:\d+\/\w+\. Its user or password holds a `\/`/,
      );
      expect(error.message).toContain('must be percent-encoded');
      expect(error.hint).toContain('`/` as %2F');
      expect(`${error.message} ${error.hint}`).not.toMatch(/ab\/cd|1234\/xy|\bxy@|cd@/);
    },
  );

  it('a URL that is not a URL at all is named with its password hidden', () => {
    expect(() => assertReadableUrl('postgres://u:secretpw@[bad/db', 'DATABASE_URL from .env')).toThrow(
      /^The database URL \(DATABASE_URL from \.env\) cannot be parsed: postgres:\/\/u:\*\*\*@\[bad\/db\.$/,
    );
  });

  it('a password only in ?password= never shows in the unreachable message', async () => {
    const error = await refusal(
      connectDatabase(process.cwd(), 'postgres://u@127.0.0.1:1/db?password=querysecret', '--database-url'),
    );
    expect(error.code).toBe('database-unreachable');
    expect(error.message).toContain('postgres://u@127.0.0.1:1/db?password=***');
    expect(error.message).not.toContain('querysecret');
  });
});

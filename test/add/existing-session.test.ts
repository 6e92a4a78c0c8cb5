/**
 * An app that already sets up a session, in whatever shape or file, never gets a
 * second one: `add` refuses with where the existing one is and what to do.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { copyFixture, listFiles, plan, read } from '../helpers/fixtures.js';

const KEEP_IT =
  // In-process (the test runner, not session-kit's bin), commands are named as run from the registry.
  'Keep it and run `npx session-kit check` to verify its order and options; or remove it (with its store) and run `npx session-kit add` again to let session-kit write its own.';
const already = (where: string, library: string) =>
  `${where} already sets up a session (${library}); session-kit does not add a second one, and nothing was written.`;

const CASES: [fixture: string, message: string, where: { file: string; line: number }, hint: string][] = [
  [
    'refuse-existing-express-inline',
    'index.js already registers a session middleware; session-kit does not add a second one.',
    { file: 'index.js', line: 5 },
    'Run `npx session-kit check` to verify its order and options.',
  ],
  ['refuse-existing-express-const', already('server.js:7', 'express-session'), { file: 'server.js', line: 7 }, KEEP_IT],
  [
    'refuse-existing-express-other-file',
    already('config/express.js:8', 'express-session'),
    { file: 'config/express.js', line: 8 },
    KEEP_IT,
  ],
  [
    'refuse-existing-fastify-autoload',
    already('src/plugins/auth/session.ts:8', '@fastify/session'),
    { file: 'src/plugins/auth/session.ts', line: 8 },
    KEEP_IT,
  ],
  [
    'refuse-existing-nest-express',
    'src/main.ts already registers a session middleware; session-kit does not add a second one.',
    { file: 'src/main.ts', line: 7 },
    'Run `npx session-kit check` to verify its order and options.',
  ],
  [
    'refuse-existing-express-tsconfig-paths',
    already('src/setup/sessions.ts:7', 'express-session'),
    { file: 'src/setup/sessions.ts', line: 7 },
    KEEP_IT,
  ],
  [
    'refuse-existing-express-package-imports',
    'server.js already registers a session middleware; session-kit does not add a second one.',
    { file: 'server.js', line: 7 },
    'Run `npx session-kit check` to verify its order and options.',
  ],
  [
    'refuse-existing-pavex',
    already('app/src/blueprint.rs:17', 'pavex_session_memory_store'),
    { file: 'app/src/blueprint.rs', line: 17 },
    KEEP_IT,
  ],
  [
    'refuse-existing-nest-secure-session',
    'src/main.ts already registers a session plugin (secureSession); session-kit does not add a second one.',
    { file: 'src/main.ts', line: 8 },
    'Keep one session plugin: remove it first if you want session-kit to set up @fastify/session.',
  ],
];

describe.each(CASES)('%s', (fixture, message, where, hint) => {
  it.each(['memory', 'postgres'])('add --store %s refuses, naming the existing setup', async (store) => {
    const dir = copyFixture(fixture);
    const before = listFiles(dir).map((f) => [f, read(dir, f)]);
    const error = await plan(dir, { store }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    const refused = error as UserError;
    expect(refused.message).toBe(message);
    expect(refused.where).toMatchObject(where);
    expect(refused.hint).toBe(hint);
    expect(refused.code).toBe('session-exists');
    expect(refused.exitCode).toBe(2);
    expect(listFiles(dir).map((f) => [f, read(dir, f)])).toEqual(before);
  });
});

/**
 * The check engine on real integrations end to end: a fixture after `add` checks
 * clean, and moving the inserted lines out of order is reported from the framework's
 * rule data. Pavex (Rust) goes through the same engine as the Node frameworks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/run.js';
import { addWithoutInstall } from '../helpers/fixtures.js';
import { copyApp, fixtureStores } from '../helpers/round-trip.js';

function edit(dir: string, rel: string, change: (text: string) => string): void {
  const file = path.join(dir, rel);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `${rel} was edited`).not.toBe(before);
  writeFileSync(file, after);
}

async function ruleIds(dir: string): Promise<string[]> {
  const report = await runChecks(dir, [], false);
  expect(report.projects.map((p) => p.status)).toEqual(['checked']);
  return report.projects.flatMap((p) => p.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`));
}

describe('session-kit add output passes its own check', () => {
  it.each(fixtureStores().map((c) => [c.fixture, c.store]))('%s with --store %s', async (fixture, store) => {
    const dir = copyApp(fixture);
    await addWithoutInstall(dir, { store });
    expect(await ruleIds(dir)).toEqual([]);
  });
});

describe('check after add', () => {
  it('pavex-new checks clean after add, and FINALIZE_SESSION after INJECT_RESPONSE_COOKIES is an error', async () => {
    const dir = copyApp('pavex-new');
    await addWithoutInstall(dir, { store: 'memory' });
    expect(await ruleIds(dir)).toEqual([]);
    edit(dir, 'app/src/blueprint.rs', (text) =>
      text.replace(
        '    bp.post_process(FINALIZE_SESSION);\n    bp.post_process(INJECT_RESPONSE_COOKIES);\n',
        '    bp.post_process(INJECT_RESPONSE_COOKIES);\n    bp.post_process(FINALIZE_SESSION);\n',
      ),
    );
    expect(await ruleIds(dir)).toEqual(['pavex/finalize-before-inject app/src/blueprint.rs:23']);
  });

  it('pavex-new without INJECT_RESPONSE_COOKIES reports the missing piece', async () => {
    const dir = copyApp('pavex-new');
    await addWithoutInstall(dir, { store: 'memory' });
    edit(dir, 'app/src/blueprint.rs', (text) => text.replace('    bp.post_process(INJECT_RESPONSE_COOKIES);\n', ''));
    expect(await ruleIds(dir)).toEqual(['pavex/inject-required app/src/blueprint.rs:22']);
  });

  it('pavex-new: post-processors after the routes, and pavex_session missing from the imports, are errors', async () => {
    const dir = copyApp('pavex-new');
    await addWithoutInstall(dir, { store: 'memory' });
    edit(dir, 'app/src/blueprint.rs', (text) =>
      text
        .replace('    bp.prefix("/api").routes(from![crate]);\n', '')
        .replace(
          '    bp.post_process(FINALIZE_SESSION);\n',
          '    bp.prefix("/api").routes(from![crate]);\n    bp.post_process(FINALIZE_SESSION);\n',
        ),
    );
    expect(await ruleIds(dir)).toEqual([
      'pavex/finalize-before-routes app/src/blueprint.rs:23',
      'pavex/inject-before-routes app/src/blueprint.rs:24',
    ]);
    const clean = copyApp('pavex-new');
    await addWithoutInstall(clean, { store: 'memory' });
    edit(clean, 'app/src/blueprint.rs', (text) => text.replace('        pavex_session,\n', ''));
    expect(await ruleIds(clean)).toEqual(['pavex/session-imported app/src/blueprint.rs:21']);
  });

  it('pavex-new: no cookie crypto rule for the session cookie (pavex_session 0.2.5+) is an error', async () => {
    const dir = copyApp('pavex-new');
    await addWithoutInstall(dir, { store: 'memory' });
    for (const file of ['.env', '.env.example'])
      edit(dir, file, (text) => text.replace(/^PX_COOKIES__CRYPTO_RULES=.*\n/m, ''));
    expect((await ruleIds(dir)).map((id) => id.split(' ')[0])).toEqual(['pavex/session-cookie-crypto']);
  });

  it('pavex-new: the memory store in a deployed project (a Dockerfile) is an error; a persistent store is not', async () => {
    const dir = copyApp('pavex-new');
    await addWithoutInstall(dir, { store: 'memory' });
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM rust:1.85\n');
    const line =
      readFileSync(path.join(dir, 'app/src/blueprint.rs'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('pavex_session_memory_store')) + 1;
    expect(await ruleIds(dir)).toEqual([`memory-store-production app/src/blueprint.rs:${line}`]);
    const persistent = copyApp('pavex-new');
    await addWithoutInstall(persistent, { store: 'postgres' });
    writeFileSync(path.join(persistent, 'Dockerfile'), 'FROM rust:1.85\n');
    expect(await ruleIds(persistent)).toEqual([]);
  });

  it('express: the session moved below the routes after add is reported at its new line', async () => {
    const dir = copyApp('express-passport-routers');
    await addWithoutInstall(dir, { store: 'memory' });
    edit(dir, 'server.js', (text) =>
      text
        .replace('app.use(sessionMiddleware);\n', '')
        .replace("app.use('/users', usersRouter);\n", "app.use('/users', usersRouter);\napp.use(sessionMiddleware);\n"),
    );
    const ids = await ruleIds(dir);
    expect(ids.map((id) => id.split(' ')[0]).sort()).toEqual([
      'express/session-before-passport',
      'express/session-before-routes',
    ]);
  });
});

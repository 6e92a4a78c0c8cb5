/**
 * check on actix-web apps after add: clean as written, and each misorder reported with
 * file:line — the session middleware wrapped before (so inside) IdentityMiddleware in
 * one App chain, and across an App built by a function and wrapped at its call site.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall, copyFixture } from '../../helpers/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function added(fixture: string, store: 'redis' | 'postgres' = 'redis'): Promise<string> {
  const dir = copyFixture(fixture);
  dirs.push(dir);
  await addWithoutInstall(dir, { store });
  return dir;
}

function edit(dir: string, rel: string, change: (text: string) => string): void {
  const file = path.join(dir, rel);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  expect(after, `${rel} was edited`).not.toBe(before);
  writeFileSync(file, after);
}

async function findings(dir: string): Promise<string[]> {
  const report = await runChecks(dir, [], false);
  expect(report.projects.map((p) => p.status)).toEqual(['checked']);
  return report.projects.flatMap((p) => p.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`));
}

const SESSION_WRAP = '            .wrap(session::middleware(session_store.clone(), session_key.clone()))\n';
const IDENTITY_WRAP = '            .wrap(IdentityMiddleware::default())\n';

describe('check on actix-web after add', () => {
  it('is clean as add wrote it, with IdentityMiddleware inside the session', async () => {
    expect(await findings(await added('actix-web-identity'))).toEqual([]);
  });

  it('the session middleware wrapped before IdentityMiddleware is an error at the session wrap', async () => {
    const dir = await added('actix-web-identity');
    edit(dir, 'src/main.rs', (t) =>
      t.replace(SESSION_WRAP, '').replace(IDENTITY_WRAP, `${SESSION_WRAP}${IDENTITY_WRAP}`),
    );
    const line = readFileSync(path.join(dir, 'src/main.rs'), 'utf8').split('\n').indexOf(SESSION_WRAP.trimEnd()) + 1;
    expect(await findings(dir)).toEqual([`actix-web/session-inside-reader error src/main.rs:${line}`]);
  });

  it('an App built by a function: a reader wrapped in it is inside the session wrapped at the call; one wrapped at the call after the session is not', async () => {
    const dir = await added('actix-web-module');
    edit(dir, 'src/server.rs', (t) =>
      t.replace(
        '        .wrap(middleware::NormalizePath::trim())\n',
        '        .wrap(middleware::NormalizePath::trim())\n        .wrap(actix_identity::IdentityMiddleware::default())\n',
      ),
    );
    expect(await findings(dir)).toEqual([]);
    edit(dir, 'src/server.rs', (t) =>
      t
        .replace('        .wrap(actix_identity::IdentityMiddleware::default())\n', '')
        .replace(
          'session_key.clone())))',
          'session_key.clone())).wrap(actix_identity::IdentityMiddleware::default()))',
        ),
    );
    expect(await findings(dir)).toEqual(['actix-web/session-inside-reader error src/server.rs:29']);
  });

  it('Key::generate() in place of the key from the environment is an error at the call', async () => {
    const dir = await added('actix-web-main');
    edit(dir, 'src/main.rs', (t) =>
      t.replace('let session_key = session::key();', 'let session_key = actix_web::cookie::Key::generate();'),
    );
    expect(await findings(dir)).toEqual(['actix-web/key-generate error src/main.rs:38']);
  });

  it('postgres as add writes it deletes expired rows: no expired-deletion warning until the cleanup is taken out', async () => {
    const dir = await added('actix-web-main', 'postgres');
    expect(await findings(dir)).toEqual([]);
    edit(dir, 'src/session_store.rs', (t) =>
      t.replace(/const DELETE_EXPIRED: &str = [^\n]*\n/, 'const DELETE_EXPIRED: &str = "SELECT 1";\n'),
    );
    const store = readFileSync(path.join(dir, 'src/session_store.rs'), 'utf8');
    const line = store.split('\n').findIndex((l) => /^impl SessionStore for/.test(l)) + 1;
    expect(line).toBeGreaterThan(0);
    expect(await findings(dir)).toEqual([`actix-web/expired-deletion warning src/session_store.rs:${line}`]);
  });
});

describe('check on actix-web: the memory store', () => {
  it('in a deployed project (a Dockerfile) is an error at the store; redis is not', async () => {
    const dir = copyFixture('actix-web-main');
    dirs.push(dir);
    await addWithoutInstall(dir, { store: 'memory' });
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM rust:1\n');
    const line =
      readFileSync(path.join(dir, 'src/session_store.rs'), 'utf8')
        .split('\n')
        .findIndex((l) => /\bMemorySessionStore\b/.test(l)) + 1;
    expect(await findings(dir)).toEqual([`memory-store-production error src/session_store.rs:${line}`]);
    const persistent = await added('actix-web-main');
    writeFileSync(path.join(persistent, 'Dockerfile'), 'FROM rust:1\n');
    expect(await findings(persistent)).toEqual([]);
  });
});

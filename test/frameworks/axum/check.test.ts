/**
 * check on axum apps after add: clean as written, and each misorder of the router's
 * layers reported with file:line (chained `.layer()` calls and a `ServiceBuilder`, whose
 * order is the opposite), plus a SQL store without the deletion task.
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

async function added(store: 'postgres' | 'memory'): Promise<string> {
  const dir = copyFixture('axum-module');
  dirs.push(dir);
  await addWithoutInstall(dir, { store });
  // The middleware now reads the session: it must run inside the session layer.
  edit(dir, 'src/routes/mod.rs', (t) =>
    t.replace(
      'async fn server_header(req: axum::extract::Request',
      'async fn server_header(_session: tower_sessions::Session, req: axum::extract::Request',
    ),
  );
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

const LAYERS = `        .layer(middleware::from_fn(server_header))
        .with_state(state)
        .layer(crate::session::session_layer())`;

describe('check on axum after add', () => {
  it('is clean as add wrote it, with a middleware that reads the session inside the session layer', async () => {
    expect(await findings(await added('postgres'))).toEqual([]);
  });

  it('the session layer before a middleware that reads the session is an error at the session layer', async () => {
    const dir = await added('memory');
    edit(dir, 'src/routes/mod.rs', (t) =>
      t.replace(
        LAYERS,
        `        .layer(crate::session::session_layer())
        .layer(middleware::from_fn(server_header))
        .with_state(state)`,
      ),
    );
    expect(await findings(dir)).toEqual(['axum/session-reader-outside-session error src/routes/mod.rs:24']);
  });

  it('the session layer before a nest is an error at the session layer', async () => {
    const dir = await added('memory');
    edit(dir, 'src/routes/mod.rs', (t) =>
      t
        .replace('        .nest("/api", notes::router())\n', '')
        .replace(
          '        .layer(crate::session::session_layer())\n',
          '        .layer(crate::session::session_layer())\n        .nest("/api", notes::router())\n',
        ),
    );
    expect(await findings(dir)).toEqual(['axum/session-layer-before-routes error src/routes/mod.rs:25']);
  });

  it('in a ServiceBuilder the first layer is the outermost: session first is clean, session last is an error', async () => {
    const dir = await added('memory');
    const builder = (a: string, b: string) => `        .with_state(state)
        .layer(
            tower::ServiceBuilder::new()
                .layer(${a})
                .layer(${b}),
        )`;
    edit(dir, 'src/routes/mod.rs', (t) =>
      t.replace(LAYERS, builder('crate::session::session_layer()', 'middleware::from_fn(server_header)')),
    );
    expect(await findings(dir)).toEqual([]);
    edit(dir, 'src/routes/mod.rs', (t) =>
      t.replace(
        builder('crate::session::session_layer()', 'middleware::from_fn(server_header)'),
        builder('middleware::from_fn(server_header)', 'crate::session::session_layer()'),
      ),
    );
    expect(await findings(dir)).toEqual(['axum/session-reader-outside-session error src/routes/mod.rs:28']);
  });

  it('SameSite Strict with an OAuth callback route is a warning at with_same_site; the Lax that add writes is clean', async () => {
    const dir = await added('memory');
    edit(dir, 'src/routes/mod.rs', (t) =>
      t.replace(
        '        .route("/", get(index))\n',
        '        .route("/", get(index))\n        .route("/oauth/callback", get(index))\n',
      ),
    );
    expect(await findings(dir)).toEqual([]);
    edit(dir, 'src/session.rs', (t) => t.replace('SameSite::Lax)', 'SameSite::Strict)'));
    const line =
      readFileSync(path.join(dir, 'src/session.rs'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('SameSite::Strict)')) + 1;
    expect(await findings(dir)).toEqual([`axum/samesite-strict-oauth warning src/session.rs:${line}`]);
  });

  it('the memory store in a deployed project (a Dockerfile) is an error at the store; postgres is not', async () => {
    const dir = await added('memory');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM rust:1\n');
    const line =
      readFileSync(path.join(dir, 'src/session.rs'), 'utf8')
        .split('\n')
        .findIndex((l) => /\bMemoryStore\b/.test(l)) + 1;
    expect(await findings(dir)).toEqual([`memory-store-production error src/session.rs:${line}`]);
    const persistent = await added('postgres');
    writeFileSync(path.join(persistent, 'Dockerfile'), 'FROM rust:1\n');
    expect(await findings(persistent)).toEqual([]);
    // A comment is not a use, also after a lifetime on its line (not a quote in Rust).
    edit(
      persistent,
      'src/session.rs',
      (t) => `${t}\nfn _label() -> &'static str { "s" } // was MemoryStore::default()\n`,
    );
    expect(await findings(persistent)).toEqual([]);
  });

  it('a SQL store without the expired-session deletion task is a warning at the store', async () => {
    const dir = await added('postgres');
    edit(dir, 'src/session.rs', (t) => t.replace(/ {4}tokio::task::spawn\([\s\S]*?\n {4}\);\n/, ''));
    expect(await findings(dir)).toEqual(['axum/expired-deletion warning src/session.rs:39']);
  });
});

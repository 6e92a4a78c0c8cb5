/**
 * axum add beyond the input/expected pairs: detection of the router's module, the
 * chain shapes it follows, and the inputs it refuses (one UserError with file:line,
 * nothing written).
 */
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { detectAll } from '../../../src/detect/index.js';
import { addWithoutInstall, copyFixture, listFiles, plan } from '../../helpers/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixture(name: string, folder = 'input'): string {
  const dir = copyFixture(name, folder);
  dirs.push(dir);
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

function edit(dir: string, rel: string, change: (text: string) => string): void {
  const abs = path.join(dir, rel);
  const before = readFileSync(abs, 'utf8');
  const after = change(before);
  expect(after, `${rel} was edited`).not.toBe(before);
  writeFileSync(abs, after);
}

async function refusal(dir: string, store = 'postgres'): Promise<UserError> {
  const before = snapshot(dir);
  let error: unknown = null;
  try {
    await addWithoutInstall(dir, { store: store as never });
  } catch (e) {
    error = e;
  }
  expect(snapshot(dir)).toEqual(before);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('axum detection', () => {
  it('finds the router in a module reached through mod declarations', async () => {
    const dir = fixture('axum-module');
    const detected = await detectAll({ cwd: dir, interactive: false });
    expect(detected.framework?.id).toBe('axum');
    expect(detected.detection?.setupFile).toBe('src/routes/mod.rs');
  });
});

describe('axum add: shapes', () => {
  it('a workspace member that depends on axum is the app: its Cargo.toml and src/ are edited', async () => {
    const root = fixture('axum-main');
    const { cpSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.join(root, 'api'));
    for (const entry of ['Cargo.toml', 'src']) {
      cpSync(path.join(root, entry), path.join(root, 'api', entry), { recursive: true });
      rmSync(path.join(root, entry), { recursive: true });
    }
    writeFileSync(path.join(root, 'Cargo.toml'), '[workspace]\nmembers = ["api"]\nresolver = "2"\n');
    const result = await addWithoutInstall(root, { store: 'postgres' });
    const changed = result.files.filter((f) => f.before !== f.after).map((f) => f.path);
    expect(changed).toEqual(expect.arrayContaining(['api/Cargo.toml', 'api/src/main.rs', 'api/src/session.rs']));
    expect(changed).not.toContain('Cargo.toml');
    expect(readFileSync(path.join(root, 'api/Cargo.toml'), 'utf8')).toContain('tower-sessions-sqlx-store');
  });

  it('a router extended in later statements gets the layer after the last of them', async () => {
    const dir = fixture('axum-main');
    edit(dir, 'src/main.rs', (t) =>
      t.replace(
        '        .merge(health());\n',
        '        .merge(health());\n    let app = app.route("/late", get(root));\n',
      ),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    const main = readFileSync(path.join(dir, 'src/main.rs'), 'utf8');
    expect(main).toContain('    let app = app.route("/late", get(root)).layer(session::session_layer());\n');
    expect(main).toContain('        .merge(health());\n');
  });

  it('a router served from a function called by main is the one that gets the layer (not the sub-routers)', async () => {
    const dir = fixture('axum-module');
    await addWithoutInstall(dir, { store: 'memory' });
    expect(readFileSync(path.join(dir, 'src/routes/notes.rs'), 'utf8')).not.toContain('session');
    expect(readFileSync(path.join(dir, 'src/routes/mod.rs'), 'utf8')).toMatch(
      /\.with_state\(state\)\n {8}\.layer\(crate::session::session_layer\(\)\)\n\}/,
    );
  });

  it('the session module goes in lib.rs when the router is a library module, and main calls it by the crate name', async () => {
    const dir = fixture('axum-module');
    writeFileSync(path.join(dir, 'src/lib.rs'), 'pub mod routes;\npub mod state;\n');
    edit(dir, 'src/main.rs', (t) =>
      t.replace('mod routes;\nmod state;\n\nuse state::AppState;', 'use notes_api::{routes, state::AppState};'),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    expect(readFileSync(path.join(dir, 'src/lib.rs'), 'utf8')).toBe(
      'pub mod routes;\npub mod state;\npub mod session;\n',
    );
    expect(readFileSync(path.join(dir, 'src/main.rs'), 'utf8')).toContain('    notes_api::session::init().await;\n');
  });
});

describe("axum add: the app's own pool", () => {
  it('a PgPool bound in main before the router is handed to the postgres store, which opens none of its own', async () => {
    const dir = fixture('axum-pool');
    const result = await plan(dir, { store: 'postgres' });
    const main = result.files.find((f) => f.path === 'src/main.rs')?.after ?? '';
    expect(main).toMatch(
      /\.expect\("cannot connect to the database"\);\n {4}session::init\(pool\.clone\(\)\)\.await;\n/,
    );
    const module = result.files.find((f) => f.path === 'src/session.rs')?.after ?? '';
    expect(module).toContain('pub async fn init(pool: PgPool)');
    expect(module).not.toMatch(/connect|DATABASE_URL/);
    expect(result.env.map((v) => v.key)).toEqual(['SESSION_SECRET']);
    expect(result.nextSteps.join('\n')).not.toMatch(/DATABASE_URL/);
  });

  it('a fred 10 Pool bound in main is handed to the redis store, which reads no REDIS_URL', async () => {
    const dir = fixture('axum-fred');
    const result = await plan(dir, { store: 'redis' });
    const main = result.files.find((f) => f.path === 'src/main.rs')?.after ?? '';
    expect(main).toContain('.expect("cannot create the cache pool");\n    session::init(cache.clone()).await;\n');
    const module = result.files.find((f) => f.path === 'src/session.rs')?.after ?? '';
    expect(module).toContain('pub async fn init(pool: Pool)');
    expect(module).not.toMatch(/REDIS_URL|Config::from_url/);
    expect(result.env.map((v) => v.key)).toEqual(['SESSION_SECRET']);
  });

  it('a fred pool of another major keeps to itself: the store connects to REDIS_URL', async () => {
    const dir = fixture('axum-fred');
    edit(dir, 'Cargo.toml', (t) => t.replace('fred = "10"', 'fred = "9"'));
    edit(dir, 'Cargo.lock', (t) => t.replace(/(name = "fred"\nversion = )"10\.\d+\.\d+"/, '$1"9.4.0"'));
    const result = await plan(dir, { store: 'redis' });
    expect(result.files.find((f) => f.path === 'src/main.rs')?.after).toContain('    session::init().await;\n');
    expect(result.files.find((f) => f.path === 'src/session.rs')?.after).toContain('REDIS_URL');
  });

  it('a pool bound after the router is built is not shared: init goes before the router, with a pool of its own', async () => {
    const dir = fixture('axum-pool');
    edit(dir, 'src/main.rs', (t) =>
      t
        .replace(/ {4}let pool = PgPoolOptions[^;]*;\n/, '')
        .replace('    let port =', '    let pool = PgPool::connect(&url).await.unwrap();\n    let port ='),
    );
    const result = await plan(dir, { store: 'postgres' });
    const main = result.files.find((f) => f.path === 'src/main.rs')?.after ?? '';
    expect(main).toContain('    session::init().await;\n    let app = Router::new()');
    expect(result.files.find((f) => f.path === 'src/session.rs')?.after).toContain(
      'PgPool::connect(&env_var("DATABASE_URL"))',
    );
  });

  it('an app on sqlx 0.7 keeps its pool to itself (its PgPool is another type than the store crate’s)', async () => {
    const dir = fixture('axum-pool');
    edit(dir, 'Cargo.toml', (t) =>
      t.replace('version = "0.8", features = ["runtime-tokio"', 'version = "0.7", features = ["runtime-tokio"'),
    );
    edit(dir, 'Cargo.lock', (t) => t.replace(/(name = "sqlx"\nversion = )"0\.8\.\d+"/, '$1"0.7.4"'));
    const result = await plan(dir, { store: 'postgres' });
    expect(result.files.find((f) => f.path === 'src/main.rs')?.after).toContain('    session::init().await;\n');
  });

  it('a pool of another database: the store gets its own, with a warning that both may read DATABASE_URL', async () => {
    const dir = fixture('axum-pool');
    const result = await plan(dir, { store: 'mysql' });
    expect(result.files.find((f) => f.path === 'src/main.rs')?.after).toContain('    session::init().await;\n');
    expect(result.warnings.join('\n')).toMatch(
      /src\/main\.rs:\d+: the app builds its own postgres pool, and the mysql session store connects to DATABASE_URL/,
    );
  });
});

describe('axum add: Cargo.toml', () => {
  it('tokio gains the rt and time features the deletion task needs (SQL stores only), spliced into its own entry', async () => {
    const dir = fixture('axum-main');
    edit(dir, 'Cargo.toml', (t) => t.replace('features = ["full"]', 'features = ["macros", "rt-multi-thread"]'));
    await addWithoutInstall(dir, { store: 'postgres' });
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toContain(
      'tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }\n',
    );
    const memory = fixture('axum-main');
    edit(memory, 'Cargo.toml', (t) => t.replace('features = ["full"]', 'features = ["macros", "rt-multi-thread"]'));
    await addWithoutInstall(memory, { store: 'memory' });
    expect(readFileSync(path.join(memory, 'Cargo.toml'), 'utf8')).toContain(
      'tokio = { version = "1", features = ["macros", "rt-multi-thread"] }\n',
    );
  });
});

describe('axum add: refusals', () => {
  it('a router in a library crate served by another crate of the workspace is refused naming that crate’s main.rs', async () => {
    const root = fixture('axum-main');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(root, 'http/src'), { recursive: true });
    mkdirSync(path.join(root, 'server/src'), { recursive: true });
    writeFileSync(
      path.join(root, 'http/Cargo.toml'),
      '[package]\nname = "app-http"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naxum = "0.8"\n',
    );
    writeFileSync(
      path.join(root, 'http/src/lib.rs'),
      'use axum::{routing::get, Router};\n\npub fn router() -> Router {\n    Router::new().route("/", get(|| async { "ok" }))\n}\n',
    );
    writeFileSync(
      path.join(root, 'server/Cargo.toml'),
      '[package]\nname = "app-server"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\napp-http = { path = "../http" }\ntokio = { version = "1", features = ["full"] }\n',
    );
    writeFileSync(
      path.join(root, 'server/src/main.rs'),
      '#[tokio::main]\nasync fn main() {\n    let _ = app_http::router();\n}\n',
    );
    for (const entry of ['Cargo.toml', 'src', 'Cargo.lock'])
      rmSync(path.join(root, entry), { recursive: true, force: true });
    writeFileSync(path.join(root, 'Cargo.toml'), '[workspace]\nmembers = ["http", "server"]\nresolver = "2"\n');
    const error = await refusal(root);
    expect(error.message).toContain(
      'http has no src/main.rs to connect the session store at start-up (the server is started by server/src/main.rs, another crate',
    );
    expect(error.hint).toContain(
      'Call app_http::session::init().await; in server/src/main.rs before it builds the router',
    );
  });

  it('axum 0.6 is refused at the axum line of Cargo.toml', async () => {
    const dir = fixture('axum-main');
    unlinkSync(path.join(dir, 'Cargo.lock'));
    edit(dir, 'Cargo.toml', (t) => t.replace('axum = "0.8"', 'axum = "0.6"'));
    const error = await refusal(dir);
    expect(error.code).toBe('unsupported-version');
    expect(error.where).toMatchObject({ file: 'Cargo.toml', line: 7 });
    expect(error.message).toMatch(/axum 0\.6; session-kit supports axum 0\.8, 0\.7 \(tower-sessions 0\.14, 0\.13\)/);
  });

  it('the version comes from Cargo.lock first: a lock on axum 0.7.9 gets tower-sessions 0.13 whatever the requirement says', async () => {
    const dir = fixture('axum07-main');
    edit(dir, 'Cargo.toml', (t) => t.replace('axum = "0.7"', 'axum = ">=0.7"'));
    await addWithoutInstall(dir, { store: 'memory' });
    expect(readFileSync(path.join(dir, 'Cargo.toml'), 'utf8')).toContain('tower-sessions = { version = "0.13"');
  });

  it('an app with its own tower-sessions / axum-login setup is refused where it builds it', async () => {
    const dir = fixture('check-axum-session-reader-outside-session', 'pass');
    const error = await refusal(dir);
    expect(error.code).toBe('session-exists');
    expect(error.message).toMatch(/^src\/main\.rs:11 already sets up a session/);
  });

  it('a session layer in a comment after a lifetime is not taken for a setup of the app', async () => {
    const dir = fixture('axum-main');
    edit(dir, 'src/main.rs', (t) =>
      t.replace(
        "async fn root() -> &'static str {",
        "async fn root() -> &'static str { // SessionManagerLayer::new(store) was here",
      ),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    expect(readFileSync(path.join(dir, 'src/main.rs'), 'utf8')).toContain('.layer(session::session_layer());');
  });

  it('two routers that nothing composes are refused with both places', async () => {
    const dir = fixture('axum-main');
    edit(dir, 'src/main.rs', (t) => t.replace('        .merge(health());\n', '        ;\n'));
    const error = await refusal(dir);
    expect(error.code).toBe('ambiguous-router');
    expect(error.message).toContain('src/main.rs:22, src/main.rs:29');
    expect(error.manual).toContain('.layer(crate::session::session_layer())');
  });

  it('a main that is not async is refused at fn main', async () => {
    const dir = fixture('axum-main');
    edit(dir, 'src/main.rs', (t) => t.replace('#[tokio::main]\nasync fn main()', 'fn main()'));
    const error = await refusal(dir);
    expect(error.where).toMatchObject({ file: 'src/main.rs', line: 25 });
    expect(error.message).toMatch(/not async/);
  });

  it('a file that does not parse is refused at its line', async () => {
    const dir = fixture('axum-module');
    edit(dir, 'src/routes/notes.rs', (t) => t.replace('Json(notes.len())', 'Json(notes.len()'));
    const error = await refusal(dir);
    expect(error.code).toBe('parse-error');
    expect(error.where?.file).toBe('src/routes/notes.rs');
  });

  it("a session module of the app's own is not replaced", async () => {
    const dir = fixture('axum-main');
    writeFileSync(path.join(dir, 'src/session.rs'), 'pub struct UserSession;\n');
    const error = await refusal(dir);
    expect(error.code).toBe('file-exists');
    expect(error.where).toMatchObject({ file: 'src/session.rs', line: 1 });
  });

  it('another store on a set-up app is refused at the session module; the same store again changes nothing', async () => {
    const dir = fixture('axum-main');
    await addWithoutInstall(dir, { store: 'sqlite' });
    const error = await refusal(dir, 'redis');
    expect(error.code).toBe('store-mismatch');
    expect(error.where).toMatchObject({ file: 'src/session.rs', line: 1 });
    const again = await plan(dir, { store: 'sqlite' });
    expect(again.files.filter((f) => f.before !== f.after)).toEqual([]);
  });
});

/**
 * actix-web add beyond the input/expected pairs: detection of the server's module, the
 * App shapes it follows, and the inputs it refuses (one UserError with file:line,
 * nothing written).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

async function refusal(dir: string, store = 'redis'): Promise<UserError> {
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

describe('actix-web detection', () => {
  it('finds the server in a module reached through mod declarations', async () => {
    const dir = fixture('actix-web-module');
    const detected = await detectAll({ cwd: dir, interactive: false });
    expect(detected.framework?.id).toBe('actix-web');
    expect(detected.detection?.setupFile).toBe('src/server.rs');
    expect(detected.detection?.version).toBe('4.18.1');
  });

  it('an axum app is not taken for actix-web, nor the other way round', async () => {
    expect((await detectAll({ cwd: fixture('axum-main'), interactive: false })).framework?.id).toBe('axum');
    expect((await detectAll({ cwd: fixture('actix-web-main'), interactive: false })).framework?.id).toBe('actix-web');
  });
});

describe('actix-web add: shapes', () => {
  it('a workspace member that depends on actix-web is the app: its Cargo.toml and src/ are edited', async () => {
    const root = fixture('actix-web-main');
    mkdirSync(path.join(root, 'api'));
    for (const entry of ['Cargo.toml', 'src']) {
      cpSync(path.join(root, entry), path.join(root, 'api', entry), { recursive: true });
      rmSync(path.join(root, entry), { recursive: true });
    }
    writeFileSync(path.join(root, 'Cargo.toml'), '[workspace]\nmembers = ["api"]\nresolver = "2"\n');
    const result = await addWithoutInstall(root, { store: 'redis' });
    const changed = result.files.filter((f) => f.before !== f.after).map((f) => f.path);
    expect(changed).toEqual(expect.arrayContaining(['api/Cargo.toml', 'api/src/main.rs', 'api/src/session.rs']));
    expect(changed).not.toContain('Cargo.toml');
    expect(read(root, 'api/Cargo.toml')).toContain(
      'actix-session = { version = "0.11", features = ["redis-session"] }',
    );
  });

  it('the session wrap goes after IdentityMiddleware (the last wrap is the outermost), and the closure becomes move', async () => {
    const dir = fixture('actix-web-identity');
    await addWithoutInstall(dir, { store: 'redis' });
    const main = read(dir, 'src/main.rs');
    expect(main).toContain('    HttpServer::new(move || {\n');
    const identity = main.indexOf('.wrap(IdentityMiddleware::default())');
    const session = main.indexOf('.wrap(session::middleware(session_store.clone(), session_key.clone()))');
    expect(identity).toBeGreaterThan(0);
    expect(session).toBeGreaterThan(identity);
    // Created once, before the server: not per worker inside the closure.
    expect(main.indexOf('let session_store = session::redis_store().await?;')).toBeLessThan(
      main.indexOf('HttpServer::new'),
    );
  });

  it('an App built by a function called in the closure gets the wrap on the call, outside all of its own wraps', async () => {
    const dir = fixture('actix-web-module');
    await addWithoutInstall(dir, { store: 'redis' });
    const server = read(dir, 'src/server.rs');
    expect(server).toContain(
      '    HttpServer::new(move || app(greeting.clone()).wrap(crate::session::middleware(session_store.clone(), session_key.clone())))\n',
    );
    expect(server).toContain(
      '    let session_key = crate::session::key();\n    let session_store = crate::session::redis_store().await?;\n',
    );
    expect(read(dir, 'src/main.rs')).toContain('mod server;\nmod session;\n');
  });

  it('an App built by a function of another module gets the wrap on its call in the closure', async () => {
    const dir = fixture('actix-web-module');
    const server = read(dir, 'src/server.rs');
    const start = server.indexOf('/// The App every worker serves.');
    const end = server.indexOf('pub async fn run');
    const appFn = server
      .slice(start, end)
      .replace('fn app(', 'pub fn app(')
      .replace('.configure(routes::config)', '.configure(config)');
    writeFileSync(
      path.join(dir, 'src/server.rs'),
      server.slice(0, start) + server.slice(end).replace('move || app(', 'move || routes::app('),
    );
    edit(dir, 'src/routes.rs', (t) =>
      t.replace(
        'use actix_web::{web, HttpResponse};\n',
        'use actix_web::body::MessageBody;\nuse actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};\nuse actix_web::{middleware, web, App, Error, HttpResponse};\n\n' +
          appFn,
      ),
    );
    await addWithoutInstall(dir, { store: 'redis' });
    expect(read(dir, 'src/server.rs')).toContain(
      'HttpServer::new(move || routes::app(greeting.clone()).wrap(crate::session::middleware(session_store.clone(), session_key.clone())))',
    );
    expect(read(dir, 'src/routes.rs')).not.toContain('session');
  });

  it('a function that returns no Result connects the store with expect, not ?', async () => {
    const dir = fixture('actix-web-main');
    edit(dir, 'src/main.rs', (t) =>
      t
        .replace('async fn main() -> std::io::Result<()> {', 'async fn main() {')
        .replace(
          '    .bind(("127.0.0.1", port))?\n    .run()\n    .await\n',
          '    .bind(("127.0.0.1", port))\n    .unwrap()\n    .run()\n    .await\n    .unwrap();\n',
        ),
    );
    await addWithoutInstall(dir, { store: 'postgres' });
    expect(read(dir, 'src/main.rs')).toContain(
      '    let session_store = session_store::connect().await\n        .expect("cannot connect the session store");\n',
    );
  });

  it('a second add with the same store changes nothing; another store is refused at the session module', async () => {
    const dir = fixture('actix-web-main');
    await addWithoutInstall(dir, { store: 'redis' });
    const again = await plan(dir, { store: 'redis' });
    expect(again.files.filter((f) => f.before !== f.after)).toEqual([]);
    const error = await refusal(dir, 'postgres');
    expect(error.code).toBe('store-mismatch');
    expect(error.where).toMatchObject({ file: 'src/session.rs', line: 1 });
  });
});

describe('actix-web add: refusals', () => {
  it('actix-web 3 is refused at the actix-web line of Cargo.toml', async () => {
    const dir = fixture('actix-web-main');
    unlinkSync(path.join(dir, 'Cargo.lock'));
    edit(dir, 'Cargo.toml', (t) => t.replace('actix-web = "4"', 'actix-web = "3.3"'));
    const error = await refusal(dir);
    expect(error.code).toBe('unsupported-version');
    expect(error.where).toMatchObject({ file: 'Cargo.toml', line: 7 });
    expect(error.message).toMatch(/actix-web 3\.3; session-kit supports actix-web 4/);
  });

  it('actix-identity 0.8 (built on actix-session 0.10) is refused: its middleware would find no session', async () => {
    const dir = fixture('actix-web-identity');
    unlinkSync(path.join(dir, 'Cargo.lock'));
    edit(dir, 'Cargo.toml', (t) => t.replace('actix-identity = "0.9"', 'actix-identity = "0.8"'));
    const error = await refusal(dir);
    expect(error.code).toBe('unsupported-version');
    expect(error.where).toMatchObject({ file: 'Cargo.toml', line: 7 });
    expect(error.message).toMatch(/actix-identity 0\.8/);
    expect(error.hint).toMatch(/Upgrade actix-identity to 0\.9/);
  });

  it('an app with its own SessionMiddleware (misordered before IdentityMiddleware) is refused where it builds it', async () => {
    const dir = fixture('check-actix-web-session-inside-reader', 'fail');
    const error = await refusal(dir);
    expect(error.code).toBe('session-exists');
    expect(error.message).toMatch(/^src\/main\.rs:11 already sets up a session \(actix-session\)/);
  });

  it('two servers are refused with both places', async () => {
    const dir = fixture('actix-web-main');
    edit(
      dir,
      'src/main.rs',
      (t) =>
        `${t}\nasync fn admin() -> std::io::Result<()> {\n    HttpServer::new(|| App::new().service(index)).bind("127.0.0.1:9000")?.run().await\n}\n`,
    );
    const error = await refusal(dir);
    expect(error.code).toBe('ambiguous-server');
    expect(error.message).toContain('src/main.rs:36, src/main.rs:49');
    expect(error.manual).toContain('.wrap(session::middleware(session_store.clone(), session_key.clone()))');
  });

  it('a server started from a function that is not async is refused at that function', async () => {
    const dir = fixture('actix-web-module');
    edit(dir, 'src/server.rs', (t) =>
      t
        .replace(
          'pub async fn run(address: &str) -> std::io::Result<()> {',
          'pub fn run(address: &str) -> std::io::Result<actix_web::dev::Server> {',
        )
        .replace('        .run()\n        .await\n', '        .run()\n        .map(Ok)?\n'),
    );
    const error = await refusal(dir);
    expect(error.where).toMatchObject({ file: 'src/server.rs', line: 25 });
    expect(error.message).toMatch(/fn run .* is not async/);
  });

  it('a factory that is not a closure is refused at HttpServer::new', async () => {
    const dir = fixture('actix-web-module');
    edit(dir, 'src/server.rs', (t) =>
      t.replace('HttpServer::new(move || app(greeting.clone()))', 'HttpServer::new(factory)'),
    );
    const error = await refusal(dir);
    expect(error.where).toMatchObject({ file: 'src/server.rs', line: 27 });
    expect(error.message).toMatch(/not given a closure/);
  });

  it('a file that does not parse is refused at its line', async () => {
    const dir = fixture('actix-web-module');
    edit(dir, 'src/routes.rs', (t) => t.replace('greeting.get_ref().clone())', 'greeting.get_ref().clone()'));
    const error = await refusal(dir);
    expect(error.code).toBe('parse-error');
    expect(error.where?.file).toBe('src/routes.rs');
  });

  it("a session module of the app's own is not replaced", async () => {
    const dir = fixture('actix-web-main');
    writeFileSync(path.join(dir, 'src/session.rs'), 'pub struct UserSession;\n');
    const error = await refusal(dir);
    expect(error.code).toBe('file-exists');
    expect(error.where).toMatchObject({ file: 'src/session.rs', line: 1 });
  });
});

describe('actix-web add --fix-order', () => {
  it('moves a SessionMiddleware wrapped before IdentityMiddleware to the end of its App chain, and check is then clean', async () => {
    const dir = fixture('check-actix-web-session-inside-reader', 'fail');
    const before = read(dir, 'src/main.rs');
    await addWithoutInstall(dir, { store: 'redis', fixOrder: true });
    const after = read(dir, 'src/main.rs');
    expect(after).toBe(
      before
        .replace('            .wrap(SessionMiddleware::new(store.clone(), key.clone()))\n', '')
        .replace(
          '            .route("/", web::get().to(HttpResponse::Ok))\n',
          '            .route("/", web::get().to(HttpResponse::Ok))\n            .wrap(SessionMiddleware::new(store.clone(), key.clone()))\n',
        ),
    );
    const { runChecks } = await import('../../../src/check/run.js');
    const report = await runChecks(dir, [], false);
    expect(report.projects.flatMap((p) => p.findings)).toEqual([]);
  });
});

describe('actix-web add: runtime', () => {
  it('a generated store on #[tokio::main] is refused (its cleanup task needs actix runtime); redis is not', async () => {
    const dir = fixture('actix-web-main');
    edit(dir, 'src/main.rs', (t) => t.replace('#[actix_web::main]', '#[tokio::main]'));
    const error = await refusal(dir, 'postgres');
    expect(error.where).toMatchObject({ file: 'src/main.rs', line: 27 });
    expect(error.message).toMatch(/#\[tokio::main\]/);
    await addWithoutInstall(dir, { store: 'redis' });
    expect(read(dir, 'src/main.rs')).toContain('let session_store = session::redis_store().await?;');
  });
});

describe("actix-web add: the app's own pool", () => {
  const written = (result: Awaited<ReturnType<typeof plan>>, file: string) =>
    result.files.find((f) => f.path === file)?.after ?? '';

  it('a PgPool bound before HttpServer::new is shared: from_pool right after its let, before web::Data takes it', async () => {
    const dir = fixture('actix-web-pool');
    const result = await plan(dir, { store: 'postgres' });
    const main = written(result, 'src/main.rs');
    expect(main).toMatch(
      /\.expect\("cannot connect to the database"\);\n {4}let session_store = session_store::from_pool\(pool\.clone\(\)\)\.await\?;\n {4}let data = web::Data::new\(pool\);\n/,
    );
    expect(main).toContain('    let session_key = session::key();\n    HttpServer::new(move || {');
    expect(main).not.toContain('session_store::connect()');
    expect(result.files.find((f) => f.path === 'src/main.rs')?.reason).toMatch(/the app's own pool \(`pool`, shared\)/);
    expect(written(result, 'src/session.rs')).toContain(
      "`session_store::from_pool(..)` (src/session_store.rs) on the app's own pool",
    );
    expect(result.env.map((v) => v.key)).toEqual(['SESSION_SECRET']);
    expect(result.warnings.join('\n')).not.toMatch(/DATABASE_URL/);
  });

  it('in a function returning no Result the shared store is awaited with expect', async () => {
    const dir = fixture('actix-web-pool');
    edit(dir, 'src/main.rs', (t) =>
      t
        .replace('async fn main() -> std::io::Result<()> {', 'async fn main() {')
        .replace('.bind(("127.0.0.1", port))?', '.bind(("127.0.0.1", port))\n    .unwrap()')
        .replace('    .run()\n    .await\n}', '    .run()\n    .await\n    .unwrap();\n}'),
    );
    const result = await plan(dir, { store: 'postgres' });
    expect(written(result, 'src/main.rs')).toContain(
      '    let session_store = session_store::from_pool(pool.clone()).await\n        .expect("cannot set up the session store");\n    let data',
    );
  });

  it('a pool bound after the server statement is not shared: the store connects to DATABASE_URL', async () => {
    const dir = fixture('actix-web-pool');
    edit(dir, 'src/main.rs', (t) =>
      t
        .replace(/ {4}let pool = PgPoolOptions[^;]*;\n {4}let data = web::Data::new\(pool\);\n/, '')
        .replace(
          '    let port: u16',
          '    let data = web::Data::new(PgPool::connect_lazy(&url).unwrap());\n    let port: u16',
        )
        .replace(
          '    .await\n}',
          '    .await?;\n    let pool = PgPool::connect(&url).await.unwrap();\n    pool.close().await;\n    Ok(())\n}',
        ),
    );
    const result = await plan(dir, { store: 'postgres' });
    const main = written(result, 'src/main.rs');
    expect(main).not.toContain('from_pool');
    expect(main).toContain('    let session_store = session_store::connect().await?;\n    HttpServer::new(');
    expect(result.env.map((v) => v.key)).toEqual(['SESSION_SECRET', 'DATABASE_URL']);
  });

  it('a sqlx line the store is not written for is refused; a line that cannot be told keeps its pool to itself', async () => {
    const dir = fixture('actix-web-pool');
    edit(dir, 'Cargo.toml', (t) => t.replace('sqlx = { version = "0.8"', 'sqlx = { version = "0.7"'));
    edit(dir, 'Cargo.lock', (t) => t.replace(/(name = "sqlx"\nversion = )"0\.8\.\d+"/, '$1"0.7.4"'));
    const error = await refusal(dir, 'postgres');
    expect(error.message).toMatch(/declares sqlx 0\.7; the postgres session store is written for sqlx 0\.8 or 0\.9/);
    // A sqlx whose line cannot be told (a git dependency, no Cargo.lock): its PgPool may be another type.
    const git = fixture('actix-web-pool');
    edit(git, 'Cargo.toml', (t) =>
      t.replace('sqlx = { version = "0.8"', 'sqlx = { git = "https://github.com/launchbadge/sqlx"'),
    );
    unlinkSync(path.join(git, 'Cargo.lock'));
    const result = await plan(git, { store: 'postgres' });
    expect(written(result, 'src/main.rs')).not.toContain('from_pool');
    expect(written(result, 'src/main.rs')).toContain('    let session_store = session_store::connect().await?;\n');
  });

  it('an app on sqlx 0.9 keeps its line and shares its pool; only missing features are added', async () => {
    const dir = fixture('actix-web-pool');
    edit(dir, 'Cargo.toml', (t) =>
      t.replace(
        'sqlx = { version = "0.8", default-features = false, features = ["runtime-tokio", "tls-rustls", "postgres"] }',
        'sqlx = { version = "0.9", features = ["runtime-tokio-rustls", "postgres"] }',
      ),
    );
    edit(dir, 'Cargo.lock', (t) => t.replace(/(name = "sqlx"\nversion = )"0\.8\.\d+"/, '$1"0.9.0"'));
    const result = await plan(dir, { store: 'postgres' });
    expect(written(result, 'src/main.rs')).toContain('session_store::from_pool(pool.clone())');
    expect(written(result, 'Cargo.toml')).toContain(
      'sqlx = { version = "0.9", features = ["runtime-tokio-rustls", "postgres"] }\n',
    );
    const mysql = await plan(fixture('actix-web-pool'), { store: 'mysql' });
    expect(written(mysql, 'Cargo.toml')).toContain(
      'sqlx = { version = "0.8", default-features = false, features = ["runtime-tokio", "tls-rustls", "postgres", "mysql"] }\n',
    );
  });

  it('a pool of another database: the store connects on its own, with a warning that both may read DATABASE_URL', async () => {
    const dir = fixture('actix-web-pool');
    const result = await plan(dir, { store: 'mysql' });
    const main = written(result, 'src/main.rs');
    expect(main).not.toContain('from_pool');
    expect(main).toContain('    let session_store = session_store::connect().await?;\n');
    expect(result.warnings.join('\n')).toMatch(
      /src\/main\.rs:\d+: the app builds its own postgres pool, and the mysql session store connects to DATABASE_URL/,
    );
    expect(result.env.map((v) => v.key)).toEqual(['SESSION_SECRET', 'DATABASE_URL']);
    // SQLite reads SESSION_SQLITE_FILE: no variable is shared, nothing to warn about.
    const sqlite = await plan(fixture('actix-web-pool'), { store: 'sqlite' });
    expect(sqlite.warnings.join('\n')).not.toMatch(/pool/);
  });
});

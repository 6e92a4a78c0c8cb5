/**
 * `session-kit add` for an axum app: tower-sessions and the store crate in Cargo.toml,
 * a generated `session.rs` (store from the environment, cookie options, start-up
 * migration and expired-session deletion), `mod session;`, `session::init().await;`
 * at the start of `main`, and `.layer(session::session_layer())` as the last layer of
 * the outermost Router chain. Every change is a splice; anything whose shape is not
 * understood is refused with file:line and the lines to add by hand.
 */
import { planRustSessionEnv } from '../rust-crate/session-env.js';
import { UserError } from '../../core/errors.js';
import { MANIFEST_FILE, parseManifest } from '../../core/manifest.js';
import type { Dependency } from '../../core/plan.js';
import { readTemplate } from '../../core/templates.js';
import { indentOfLine, lineColumn, nextLineStart } from '../../edit/lines.js';
import type { RustNode } from '../../edit/rust/syntax-node.js';
import { insertAt, type Splice } from '../../edit/splice.js';
import type { StoreId } from '../../stores/types.js';
import type { PlanContext } from '../types.js';
import { generatedStore, isGenerated } from '../node/generated-module.js';
import { findAppPool, otherDatabasePool, type AppClientLines, type AppPool } from './app-pool.js';
import { AXUM_LINES, DOTENVY, SQL_STORES, storeCrate, type AxumLine } from './crates.js';
import { cargoDependencies, depObject } from '../rust-crate/cargo-deps.js';
import { rustCode } from '../../edit/rust/code.js';
import { eolOf } from '../rust-crate/code.js';
import { crateSources, type CrateSource } from '../rust-crate/sources.js';
import { locateAxumApp, type AxumApp } from './detect.js';
import { binaryDependents } from '../rust-crate/locate.js';
import { chainSteps, outermostChains, routerChains, sessionReaders, type RouterChain } from './router.js';
import { selfCommand } from '../../core/self-command.js';

const MODULE = 'session';

/** The lines to add by hand when session-kit cannot place them. */
export function manualLines(store: StoreId): string {
  return [
    `// src/main.rs (or lib.rs): mod ${MODULE};   (src/${MODULE}.rs: run session-kit add --dry-run to see it)`,
    `// first in async fn main:  ${MODULE}::init().await;`,
    '// last on the Router, after every .route/.merge/.nest and the layers that read the session:',
    `//     .layer(crate::${MODULE}::session_layer())`,
    `// Cargo.toml: tower-sessions = { version = "0.14" (axum 0.8) or "0.13" (axum 0.7), features = ["signed"] }${storeCrate(AXUM_LINES[0], store) ? `, ${storeCrate(AXUM_LINES[0], store)?.name}` : ''}, dotenvy`,
  ].join('\n');
}

function refuse(
  message: string,
  where: { file: string; line?: number; column?: number },
  hint: string,
  store: StoreId,
  code = 'unsupported-shape',
): never {
  throw new UserError(message, { where, hint, manual: manualLines(store), code });
}

function at(text: string, offset: number): { line: number; column: number } {
  return lineColumn(text, offset);
}

function axumLine(app: AxumApp, store: StoreId): AxumLine {
  const line = AXUM_LINES.find((l) => l.axum === app.line);
  if (line) return line;
  const where = { file: app.manifest, line: app.scan.dependencyLines.get('axum') };
  if (app.line === null)
    refuse(
      'Cannot tell which axum version this app uses.',
      where,
      'Declare axum with a version (e.g. axum = "0.8") or run cargo generate-lockfile.',
      store,
      'unsupported-version',
    );
  refuse(
    `This app uses axum ${app.lockedVersion ?? app.declaredVersion}; session-kit supports axum ${AXUM_LINES.map((l) => l.axum).join(', ')} (tower-sessions ${AXUM_LINES.map((l) => l.towerSessions).join(', ')}), whose store crates are released for it.`,
    where,
    'Upgrade axum to 0.8 (or 0.7), then run session-kit again.',
    store,
    'unsupported-version',
  );
}

/** A session setup of the app's own (tower-sessions or axum-login outside our module). */
function refuseForeignSession(sources: CrateSource[], store: StoreId): void {
  for (const s of sources) {
    if (isGenerated(s.text)) continue;
    const m = /\bSessionManagerLayer\s*::\s*new\b|\bAuthManagerLayerBuilder\s*::\s*new\b/.exec(rustCode(s.text));
    if (!m) continue;
    const { line, column } = at(s.text, m.index);
    throw new UserError(
      `${s.file}:${line} already sets up a session (tower-sessions); session-kit does not add a second one, and nothing was written.`,
      {
        where: { file: s.file, line, column },
        hint: `Keep it and run \`${selfCommand('check')}\` to verify its order and options; or remove it (with its store) and run \`${selfCommand('add')}\` again to let session-kit write its own.`,
        manual: manualLines(store),
        code: 'session-exists',
      },
    );
  }
}

function refuseStoreSwitch(ctx: PlanContext, moduleFile: string, store: StoreId): void {
  const text = ctx.project.files.read(moduleFile);
  if (text === null) return;
  if (!isGenerated(text))
    refuse(
      `${moduleFile} exists and is not session-kit's: the session module would replace it.`,
      { file: moduleFile, line: 1 },
      `Rename the existing ${MODULE} module, then run session-kit again.`,
      store,
      'file-exists',
    );
  const record = ctx.project.files.read(MANIFEST_FILE);
  const previous = record === null ? null : parseManifest(record);
  const current = generatedStore(text) ?? previous?.store ?? null;
  if (current !== null && current !== store)
    throw new UserError(`Sessions are already set up with the ${current} store (${moduleFile}).`, {
      where: { file: moduleFile, line: 1, column: 1 },
      hint: `Run \`${selfCommand('remove')}\` first to switch to ${store}.`,
      code: 'store-mismatch',
    });
}

/** The Router chain the session layer goes on. */
function chooseChain(app: AxumApp, sources: CrateSource[], store: StoreId): RouterChain {
  const chains = routerChains(sources);
  const outer = outermostChains(chains);
  const where = { file: app.roots[0] ?? app.manifest };
  if (outer.length === 0)
    refuse(
      `No Router is built in the modules of ${app.crateDir || 'this crate'} (looked for Router::new() from ${app.roots.join(' and ') || 'src/main.rs'}, following mod declarations).`,
      where,
      'Add the session layer by hand where the app builds its Router.',
      store,
      'no-router',
    );
  if (outer.length > 1) {
    const list = outer.map((c) => `${c.file}:${at(c.text, c.root.startIndex).line}`).join(', ');
    const first = outer[0];
    refuse(
      `Several routers could be the app's outermost one (${list}); session-kit does not guess which one the server runs.`,
      { file: first.file, ...at(first.text, first.root.startIndex) },
      'Merge them into one Router (or say which one with .merge/.nest), or add the session layer by hand on the one the server runs.',
      store,
      'ambiguous-router',
    );
  }
  return outer[0];
}

/** `.layer(<path>::session_layer())` after the chain's last Router call. */
function layerSplice(chain: RouterChain, path: string): Splice {
  const text = chain.text;
  const last = chain.calls[chain.calls.length - 1];
  const end = last ? last.call.endIndex : chain.root.endIndex;
  const call = `.layer(${path}::session_layer())`;
  // On its own line when the last call is (`\n    .with_state(state)`), inline otherwise.
  const receiver = last?.call.childForFieldName('function')?.childForFieldName('value');
  const multiline = last !== undefined && !!receiver && text.slice(receiver.endIndex, last.dot).includes('\n');
  if (!multiline) return insertAt(end, call);
  return insertAt(end, `${eolOf(text)}${indentOfLine(text, last.dot)}${call}`);
}

function mainFunction(source: CrateSource): RustNode | null {
  return (
    source.tree.namedChildren.find(
      (n) => n?.type === 'function_item' && n.childForFieldName('name')?.text === 'main',
    ) ?? null
  );
}

/**
 * `<path>::init().await;` before the first statement of `main` that builds or serves the
 * router; with a pool of the app's own to share, `<path>::init(pool.clone()).await;`
 * right after the `let` that binds it, when that comes first (else `pool` is null: the
 * store opens its own).
 */
function initSplice(
  main: CrateSource,
  chain: RouterChain,
  path: string,
  store: StoreId,
  lines: AppClientLines,
  warnings: string[],
): { splice: Splice | null; pool: AppPool | null } {
  const fn = mainFunction(main);
  if (!fn)
    refuse(
      `${main.file} has no fn main to run the session store's start-up in.`,
      { file: main.file },
      `Call ${path}::init().await; at start-up, before the router is built.`,
      store,
    );
  const body = fn.childForFieldName('body');
  const head = main.text.slice(fn.startIndex, body?.startIndex ?? fn.endIndex);
  const { line, column } = at(main.text, fn.startIndex);
  if (!/\basync\b/.test(head) || !body)
    refuse(
      `fn main in ${main.file} is not async, so the session store cannot be connected there.`,
      { file: main.file, line, column },
      `Run ${path}::init().await; inside the async runtime before the router is built (#[tokio::main] async fn main).`,
      store,
    );
  if (/\bsession::init\s*\(/.test(rustCode(body.text))) {
    // A second run: the pool it shares is the one a first run found.
    return {
      splice: null,
      pool: /\bsession::init\s*\(\s*\)/.test(rustCode(body.text)) ? null : findAppPool(body, store, lines, main.text),
    };
  }
  const statements = body.namedChildren.filter(
    (n): n is RustNode => n !== null && n.type !== 'line_comment' && n.type !== 'block_comment',
  );
  if (statements.length === 0)
    refuse(`fn main in ${main.file} is empty.`, { file: main.file, line, column }, 'Add the lines by hand.', store);
  const builds = (s: RustNode) =>
    (s.startIndex <= chain.root.startIndex && chain.root.endIndex <= s.endIndex && main.file === chain.file) ||
    (chain.fnName !== null &&
      chain.fnName !== 'main' &&
      new RegExp(`\\b${chain.fnName}\\s*\\(`).test(rustCode(s.text))) ||
    /\bserve\s*\(|\bRouter\b/.test(rustCode(s.text));
  const target = statements.find(builds) ?? statements[0];
  const pool = findAppPool(body, store, lines, main.text);
  const other = SQL_STORES.includes(store) ? otherDatabasePool(body, store) : null;
  if (other) {
    const where = at(main.text, body.startIndex);
    warnings.push(
      `${main.file}:${where.line}: the app builds its own ${other} pool, and the ${store} session store connects to DATABASE_URL; if the app's pool reads DATABASE_URL too, give the session store a variable of its own in the session module.`,
    );
  }
  if (pool && pool.statement.startIndex < target.startIndex) {
    // After the `let`'s own line (the function's closing brace always follows it).
    const lineEnd = nextLineStart(main.text, pool.statement.endIndex);
    if (main.text.slice(pool.statement.endIndex, lineEnd).trim() === '') {
      const text = `${indentOfLine(main.text, pool.statement.startIndex)}${path}::init(${pool.name}.clone()).await;${eolOf(main.text)}`;
      return { splice: insertAt(lineEnd, text), pool };
    }
  }
  const lineStart = main.text.lastIndexOf('\n', target.startIndex - 1) + 1;
  if (main.text.slice(lineStart, target.startIndex).trim() !== '')
    refuse(
      `${main.file}:${at(main.text, target.startIndex).line} shares its line with other code; session-kit inserts whole lines.`,
      { file: main.file, ...at(main.text, target.startIndex) },
      'Put the statement on its own line, or add the lines by hand.',
      store,
    );
  return {
    splice: insertAt(
      lineStart,
      `${indentOfLine(main.text, target.startIndex)}${path}::init().await;${eolOf(main.text)}`,
    ),
    pool: null,
  };
}

function modSplice(root: CrateSource, isLib: boolean): Splice | null {
  const mods = root.tree.namedChildren.filter((n) => n?.type === 'mod_item');
  if (mods.some((m) => m?.childForFieldName('name')?.text === MODULE)) return null;
  const eol = eolOf(root.text);
  const decl = `${isLib ? 'pub ' : ''}mod ${MODULE};`;
  const last = mods[mods.length - 1];
  if (last) return insertAt(last.endIndex, `${eol}${decl}`);
  // Above the first item, after the leading inner attributes and comments (`#![...]`, `//!`).
  const first = root.tree.namedChildren.find(
    (n) => n !== null && n.type !== 'inner_attribute_item' && n.type !== 'line_comment' && n.type !== 'block_comment',
  );
  const offset = first ? root.text.lastIndexOf('\n', first.startIndex - 1) + 1 : root.text.length;
  return insertAt(offset, `${decl}${eol}${eol}`);
}

// ---- Cargo.toml ----

function planCargo(
  manifestFile: string,
  text: string,
  line: AxumLine,
  store: StoreId,
): { after: string; added: Dependency[] } {
  const cargo = cargoDependencies(manifestFile, text);
  const ensure = cargo.ensure;
  ensure('tower-sessions', line.towerSessions, ['signed'], 'session layer (signed cookies)');
  const crate = storeCrate(line, store);
  if (crate) ensure(crate.name, crate.version, crate.features, `${store} session store`);
  ensure(DOTENVY.name, DOTENVY.version, [], 'reads .env at start-up');
  if (SQL_STORES.includes(store)) {
    const tokio = depObject(cargo.deps.tokio);
    const have = tokio?.features ?? [];
    if (!have.includes('full')) {
      const needs = [...(have.some((f) => f === 'rt' || f === 'rt-multi-thread') ? [] : ['rt']), 'time'];
      ensure('tokio', '1', needs, 'runs the expired-session deletion task');
    }
  }
  return cargo.result();
}

// ---- the generated module ----

interface StoreCode {
  imports: string;
  init: string;
  env: string;
  about: string;
}

function storeCode(store: StoreId, pool: AppPool | null): StoreCode {
  const deletion = [
    '    tokio::task::spawn(',
    '        store',
    '            .clone()',
    '            .continuously_delete_expired(std::time::Duration::from_secs(60 * 60)),',
    '    );',
  ];
  const sql = (poolType: string, type: string, connect: string[], env: string): StoreCode => ({
    imports: [
      'use tower_sessions::ExpiredDeletion;',
      `use tower_sessions_sqlx_store::{sqlx::${poolType}, ${type}};`,
      ...(store === 'sqlite' && !pool ? ['use tower_sessions_sqlx_store::sqlx::sqlite::SqliteConnectOptions;'] : []),
      '',
      '/// The session store this app uses.',
      `pub type Store = ${type};`,
    ].join('\n'),
    init: [
      ...(pool ? [] : connect),
      `    let store = ${type}::new(pool);`,
      '    store.migrate().await.expect("cannot create the session table");',
      ...deletion,
    ].join('\n'),
    env: pool ? '' : `//! - ${env}: the session database;\n`,
    about: pool
      ? ": it shares the app's own database pool, creates the\n//! session table and starts the task that deletes expired sessions"
      : ': it connects, creates the session table and\n//! starts the task that deletes expired sessions',
  });
  switch (store) {
    case 'memory':
      return {
        imports: [
          'use tower_sessions::MemoryStore;',
          '',
          '/// The session store this app uses (in memory: every restart logs everyone out).',
          'pub type Store = MemoryStore;',
        ].join('\n'),
        init: '    let store = MemoryStore::default();',
        env: '',
        about: '',
      };
    case 'redis':
      return {
        imports: [
          pool
            ? 'use tower_sessions_redis_store::fred::prelude::Pool;'
            : 'use tower_sessions_redis_store::fred::prelude::{ClientLike, Config, Pool};',
          'use tower_sessions_redis_store::RedisStore;',
          '',
          '/// The session store this app uses.',
          'pub type Store = RedisStore<Pool>;',
        ].join('\n'),
        init: [
          ...(pool
            ? []
            : [
                '    let config = Config::from_url(&env_var("REDIS_URL")).expect("REDIS_URL is not a Redis URL");',
                '    let pool = Pool::new(config, None, None, None, 4).expect("cannot create the Redis pool");',
                '    pool.init().await.expect("cannot connect to REDIS_URL for the session store");',
              ]),
          '    let store = RedisStore::new(pool);',
        ].join('\n'),
        env: pool ? '' : '//! - REDIS_URL: the Redis server;\n',
        about: pool
          ? ": it shares the app's own fred pool (sessions expire in\n//! Redis by themselves)"
          : ' and connects to Redis (sessions expire there by themselves)',
      };
    case 'postgres':
      return sql(
        'PgPool',
        'PostgresStore',
        [
          '    let pool = PgPool::connect(&env_var("DATABASE_URL"))',
          '        .await',
          '        .expect("cannot connect to DATABASE_URL for the session store");',
        ],
        'DATABASE_URL',
      );
    case 'mysql':
      return sql(
        'MySqlPool',
        'MySqlStore',
        [
          '    let pool = MySqlPool::connect(&env_var("DATABASE_URL"))',
          '        .await',
          '        .expect("cannot connect to DATABASE_URL for the session store");',
        ],
        'DATABASE_URL',
      );
    case 'sqlite':
      return sql(
        'SqlitePool',
        'SqliteStore',
        [
          '    let options = SqliteConnectOptions::new()',
          '        .filename(env_var("SESSION_SQLITE_FILE"))',
          '        .create_if_missing(true);',
          '    let pool = SqlitePool::connect_with(options)',
          '        .await',
          '        .expect("cannot open SESSION_SQLITE_FILE for the session store");',
        ],
        'SESSION_SQLITE_FILE',
      );
  }
}

export function sessionModule(store: StoreId, eol: string, pool: AppPool | null = null): string {
  const code = storeCode(store, pool);
  const template = readTemplate('axum/session.rs');
  const envFn =
    code.env === ''
      ? ''
      : [
          '',
          'fn env_var(key: &str) -> String {',
          '    std::env::var(key).unwrap_or_else(|_| panic!("{key} must be set (in .env) for the session store"))',
          '}',
          '',
        ].join('\n');
  const text = template
    .replace('{{store}}', store)
    .replace(
      '{{init_doc}}',
      pool
        ? "Sets up the session store on the app's own pool; call it once at start-up, before the router is built."
        : 'Connects the session store; call it once at start-up, before the router is built.',
    )
    .replace('{{params}}', pool ? `pool: ${pool.type}` : '')
    .replace('{{about}}', code.about)
    .replace('{{env}}', code.env)
    .replace('{{imports}}', code.imports)
    .replace('{{init}}', code.init)
    .replace('{{env_var}}\n', envFn);
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

export async function planAxum(ctx: PlanContext): Promise<void> {
  const { project, builder, options } = ctx;
  const files = project.files;
  const store = options.store.id;
  const app = locateAxumApp(project);
  if (!app)
    throw new UserError('No crate of this project depends on axum.', {
      where: { file: 'Cargo.toml' },
      hint: 'Run session-kit in the axum crate or workspace, or pass --cwd.',
      code: 'not-detected',
    });
  const line = axumLine(app, store);
  const sources = await crateSources(files, app);
  refuseForeignSession(sources, store);
  const chain = chooseChain(app, sources, store);

  // The crate root that reaches the router's file declares the module.
  const srcDir = app.crateDir ? `${app.crateDir}/src` : 'src';
  const mainFile = `${srcDir}/main.rs`;
  const libFile = `${srcDir}/lib.rs`;
  const rootFile = app.modules.get(mainFile)?.includes(chain.file) ? mainFile : libFile;
  const isLib = rootFile === libFile;
  const moduleFile = `${srcDir}/${MODULE}.rs`;
  refuseStoreSwitch(ctx, moduleFile, store);
  const root = sources.find((s) => s.file === rootFile) as CrateSource;
  const main = sources.find((s) => s.file === mainFile);
  if (!main) {
    // A library crate's router, served by a binary crate of the workspace: name it.
    const servers = binaryDependents(files, app.crateName);
    const libIdent = (app.crateName ?? '').replace(/-/g, '_');
    refuse(
      `${app.crateDir || 'This crate'} has no src/main.rs to connect the session store at start-up${servers.length ? ` (the server is started by ${servers.join(', ')}, another crate, which session-kit does not edit)` : ''}.`,
      { file: libFile },
      servers.length
        ? `Call ${libIdent}::session::init().await; in ${servers[0]} before it builds the router, with the other lines below.`
        : 'Call session::init().await; in the binary that serves the app, before the router is built.',
      store,
    );
  }
  const libPath = `${(app.crateName ?? '').replace(/-/g, '_')}::${MODULE}`;
  const initPath = isLib ? libPath : MODULE;

  // The layer: skipped when our layer is already on the chain (a second run).
  const steps = chainSteps(chain, sessionReaders(sources));
  const hasLayer = steps.some((s) => s.kind === 'session-layer');
  const edits = new Map<string, Splice[]>();
  const push = (file: string, splice: Splice | null) => {
    if (splice) edits.set(file, [...(edits.get(file) ?? []), splice]);
  };
  if (!hasLayer) push(chain.file, layerSplice(chain, chain.file === rootFile ? MODULE : `crate::${MODULE}`));
  push(rootFile, modSplice(root, isLib));
  const warnings: string[] = [];
  const init = initSplice(main, chain, initPath, store, { sqlx: app.sqlxLine, fred: app.fredLine }, warnings);
  for (const warning of warnings) builder.warn(warning);
  push(mainFile, init.splice);
  for (const [file, splices] of edits) {
    const why =
      file === chain.file && !hasLayer
        ? 'adds the session layer after every route and layer of the router'
        : file === mainFile
          ? init.pool
            ? `sets up the session store on the app's own pool (\`${init.pool.name}\`) at start-up`
            : 'connects the session store at start-up'
          : `declares the ${MODULE} module`;
    builder.edit(file, splices, why, 'source');
  }
  builder.create(
    moduleFile,
    sessionModule(store, eolOf(root.text), init.pool),
    `tower-sessions layer and ${store} store`,
    'generated',
  );

  const manifestText = files.read(app.manifest) as string;
  const cargo = planCargo(app.manifest, manifestText, line, store);
  if (cargo.after !== manifestText)
    builder.rewrite(
      app.manifest,
      cargo.after,
      `adds tower-sessions ${line.towerSessions} and the ${store} store`,
      'package-manifest',
    );
  for (const dep of cargo.added) builder.dependency(dep);

  planRustSessionEnv(builder, files, {
    secretDescription: 'Signs the session cookie (at least 64 bytes); secret',
    store: options.store,
    sharedPool: init.pool !== null,
  });
  if (chain.file !== mainFile && chain.fnName)
    builder.warn(
      `${chain.file}: ${chain.fnName}() now needs session::init().await to have run (main does it); tests that build the router call it first.`,
    );
  builder.next('cargo build   # fetches tower-sessions and the store crate');
}

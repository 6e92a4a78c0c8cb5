/**
 * `session-kit add` for an actix-web 4 app: actix-session (and the store's crates) in
 * Cargo.toml, a generated `session.rs` (key from SESSION_SECRET, cookie options, the
 * Redis store) and, for the stores actix-session does not ship, `session_store.rs` (a
 * `SessionStore` over sqlx or in memory, from templates/actix-web/stores/); the `mod`
 * declarations; the key and the store created once before `HttpServer::new` (workers
 * each run the closure: the store is cloned into it), the store on the app's own sqlx
 * pool (`session_store::from_pool`) when that function binds one of the store's type; and
 * `.wrap(session::middleware(session_store.clone(), session_key.clone()))` as the LAST
 * wrap of the App the closure returns, so the session is outside every middleware that
 * reads it. Every change is a splice; shapes it does not understand are refused with
 * file:line and the lines to add by hand.
 */
import { planRustSessionEnv } from '../rust-crate/session-env.js';
import { UserError } from '../../core/errors.js';
import { MANIFEST_FILE, parseManifest } from '../../core/manifest.js';
import type { Dependency } from '../../core/plan.js';
import { selfCommand } from '../../core/self-command.js';
import { readTemplate } from '../../core/templates.js';
import { indentOfLine, lineColumn } from '../../edit/lines.js';
import type { RustNode } from '../../edit/rust/syntax-node.js';
import { insertAt, type Splice } from '../../edit/splice.js';
import type { StoreId } from '../../stores/types.js';
import { cargoDependencies, depObject } from '../rust-crate/cargo-deps.js';
import { rustCode } from '../../edit/rust/code.js';
import { eolOf } from '../rust-crate/code.js';
import { crateSources, type CrateSource } from '../rust-crate/sources.js';
import { minorLine } from '../rust-crate/versions.js';
import { generatedStore, isGenerated } from '../node/generated-module.js';
import { lockedVersion, versionOf } from '../pavex/manifest-scan.js';
import type { PlanContext } from '../types.js';
import {
  appChains,
  classifyWrap,
  descend,
  returnedChain,
  serverSites,
  sessionReaders,
  type ServerSite,
} from './app.js';
import { ACTIX_WEB_MAJOR, DOTENVY, IDENTITY_LINE } from './crates.js';
import { locateActixApp, type ActixApp } from './detect.js';
import { findPoolBinding, otherDatabasePool } from '../rust-crate/sqlx-pool.js';
import {
  ACTIX_SESSION_VERSION,
  actixSessionCrate,
  actixStoreCrates,
  actixStoreTemplate,
  featureCovered,
  SQLX_LINES,
  type CrateSpec,
} from './store-crates.js';

const MODULE = 'session';
const STORE_MODULE = 'session_store';

function connectExpression(store: StoreId, prefix: string): string {
  return store === 'redis' ? `${prefix}${MODULE}::redis_store()` : `${prefix}${STORE_MODULE}::connect()`;
}

/** The lines to add by hand when session-kit cannot place them. */
export function manualLines(store: StoreId): string {
  return [
    `// src/main.rs (or lib.rs): mod ${MODULE};${store === 'redis' ? '' : ` mod ${STORE_MODULE};`}   (run session-kit add --dry-run to see the modules)`,
    '// in the async fn that starts the server, before HttpServer::new:',
    `//     let session_key = ${MODULE}::key();`,
    `//     let session_store = ${connectExpression(store, '')}.await?;`,
    '// the closure becomes `move ||`, and its App gets, as its LAST .wrap (after IdentityMiddleware):',
    `//     .wrap(${MODULE}::middleware(session_store.clone(), session_key.clone()))`,
    `// Cargo.toml: actix-session = { version = "${ACTIX_SESSION_VERSION}"${store === 'redis' ? ', features = ["redis-session"]' : ''} }, dotenvy = "0.15"`,
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

/** actix-web 4 only; actix-identity and actix-session, when declared, on the lines that go with actix-session 0.11. */
function checkVersions(app: ActixApp, files: PlanContext['project']['files'], store: StoreId): void {
  const where = (dep: string) => ({ file: app.manifest, line: app.scan.dependencyLines.get(dep) });
  if (app.major === null)
    refuse(
      'Cannot tell which actix-web version this app uses.',
      where('actix-web'),
      'Declare actix-web with a version (actix-web = "4") or run cargo generate-lockfile.',
      store,
      'unsupported-version',
    );
  if (app.major !== ACTIX_WEB_MAJOR)
    refuse(
      `This app uses actix-web ${app.lockedVersion ?? app.declaredVersion}; session-kit supports actix-web 4 (actix-session ${ACTIX_SESSION_VERSION} is built for actix-web 4, and its middleware API does not exist before it).`,
      where('actix-web'),
      'Upgrade to actix-web 4 (https://github.com/actix/actix-web/blob/master/actix-web/MIGRATION-4.0.md), then run session-kit again.',
      store,
      'unsupported-version',
    );
  const lock = files.read('Cargo.lock') ?? files.read(`${app.crateDir}/Cargo.lock`);
  const lineOf = (dep: string) =>
    minorLine(lockedVersion(lock, dep) ?? versionOf(app.scan.dependencies.get(dep)) ?? null);
  if (app.scan.dependencies.has('actix-identity') && lineOf('actix-identity') !== IDENTITY_LINE)
    refuse(
      `This app uses actix-identity ${lineOf('actix-identity') ?? '(no version)'}, which is built on another actix-session than the ${ACTIX_SESSION_VERSION} session-kit adds: IdentityMiddleware would look for a session of the other crate and find none.`,
      where('actix-identity'),
      `Upgrade actix-identity to ${IDENTITY_LINE} (it uses actix-session ${ACTIX_SESSION_VERSION}), then run session-kit again.`,
      store,
      'unsupported-version',
    );
  if (app.scan.dependencies.has('actix-session') && lineOf('actix-session') !== ACTIX_SESSION_VERSION)
    refuse(
      `This app declares actix-session ${lineOf('actix-session') ?? '(no version)'}; the session module session-kit writes is for actix-session ${ACTIX_SESSION_VERSION}.`,
      where('actix-session'),
      `Upgrade actix-session to ${ACTIX_SESSION_VERSION}, then run session-kit again.`,
      store,
      'unsupported-version',
    );
}

/** A session setup of the app's own (SessionMiddleware outside session-kit's modules). */
function refuseForeignSession(sources: CrateSource[], store: StoreId): void {
  for (const s of sources) {
    if (isGenerated(s.text)) continue;
    const m = /\bSessionMiddleware\s*::\s*(?:new|builder)\b/.exec(rustCode(s.text));
    if (!m) continue;
    const { line, column } = at(s.text, m.index);
    throw new UserError(
      `${s.file}:${line} already sets up a session (actix-session); session-kit does not add a second one, and nothing was written.`,
      {
        where: { file: s.file, line, column },
        hint: `Keep it and run \`${selfCommand('check')}\` to verify its order and key; or remove it (with its store) and run \`${selfCommand('add')}\` again to let session-kit write its own.`,
        manual: manualLines(store),
        code: 'session-exists',
      },
    );
  }
}

/**
 * --fix-order on an app with its own session: the `.wrap(SessionMiddleware…)` that comes
 * before a wrap reading the session in the same App chain is moved to the chain's end
 * (the last wrap is the outermost). Null when no chain has that misorder.
 */
function fixOrderSplices(sources: CrateSource[]): { file: string; splices: Splice[]; line: number } | null {
  const readers = sessionReaders(sources);
  for (const chain of appChains(sources)) {
    const kinds = chain.calls.map((c) =>
      (c.method === 'wrap' || c.method === 'wrap_fn') && c.args ? classifyWrap(c.args.text, readers) : null,
    );
    const session = kinds.indexOf('session-middleware');
    if (session === -1 || !kinds.slice(session + 1).includes('session-reader')) continue;
    const call = chain.calls[session];
    const receiver = call.call.childForFieldName('function')?.childForFieldName('value');
    if (!receiver) continue;
    const text = chain.source.text;
    // The wrap with the line break and indentation before it, as it is written.
    const moved = text.slice(receiver.endIndex, call.call.endIndex);
    return {
      file: chain.source.file,
      splices: [{ start: receiver.endIndex, end: call.call.endIndex, text: '' }, insertAt(chain.top.endIndex, moved)],
      line: at(text, call.dot).line,
    };
  }
  return null;
}

/** A module file that exists: ours for the same store (a second run), else refused. */
function refuseExisting(ctx: PlanContext, file: string, store: StoreId): void {
  const text = ctx.project.files.read(file);
  if (text === null) return;
  if (!isGenerated(text))
    refuse(
      `${file} exists and is not session-kit's: the session module would replace it.`,
      { file, line: 1 },
      'Rename the existing module, then run session-kit again.',
      store,
      'file-exists',
    );
  const record = ctx.project.files.read(MANIFEST_FILE);
  const previous = record === null ? null : parseManifest(record);
  const current = generatedStore(text) ?? previous?.store ?? null;
  if (current !== null && current !== store)
    throw new UserError(`Sessions are already set up with the ${current} store (${file}).`, {
      where: { file, line: 1, column: 1 },
      hint: `Run \`${selfCommand('remove')}\` first to switch to ${store}.`,
      code: 'store-mismatch',
    });
}

/** The one server of the crate, whose closure returns an App. */
function chooseServer(app: ActixApp, sources: CrateSource[], store: StoreId): ServerSite {
  const sites = serverSites(sources);
  if (sites.length === 0)
    refuse(
      `No HttpServer::new is called in the modules of ${app.crateDir || 'this crate'} (looked from ${app.roots.join(' and ') || 'src/main.rs'}, following mod declarations).`,
      { file: app.roots[0] ?? app.manifest },
      'Add the session middleware by hand where the app builds its App.',
      store,
      'no-server',
    );
  if (sites.length > 1) {
    const list = sites.map((s) => `${s.source.file}:${at(s.source.text, s.call.startIndex).line}`).join(', ');
    refuse(
      `Several HttpServer::new calls (${list}); session-kit does not guess which one serves the app.`,
      { file: sites[0].source.file, ...at(sites[0].source.text, sites[0].call.startIndex) },
      'Add the session middleware by hand to the App of each server that needs sessions.',
      store,
      'ambiguous-server',
    );
  }
  const site = sites[0];
  const where = { file: site.source.file, ...at(site.source.text, site.call.startIndex) };
  if (!site.closure)
    refuse(
      `${site.source.file}:${where.line}: HttpServer::new is not given a closure, so session-kit cannot give its App the session middleware.`,
      where,
      'Write the App factory as a closure (HttpServer::new(move || App::new()…)), or add the lines by hand.',
      store,
    );
  if (!site.returned || site.returned.type === 'if_expression' || site.returned.type === 'match_expression')
    refuse(
      `${site.source.file}:${where.line}: the HttpServer::new closure does not end with the App it returns.`,
      where,
      'End the closure with the App expression (App::new()… or a call of the function that builds it), or add the lines by hand.',
      store,
    );
  return site;
}

/** `.wrap(<path>::middleware(..))` after the returned App's last call: the last wrap, so the outermost. */
function wrapSplice(site: ServerSite, path: string): Splice {
  const text = site.source.text;
  const returned = site.returned as RustNode;
  const { calls } = descend(returned);
  const call = `.wrap(${path}::middleware(session_store.clone(), session_key.clone()))`;
  const last = calls[calls.length - 1];
  const receiver = last?.call.childForFieldName('function')?.childForFieldName('value');
  // On its own line when the last call is (`\n            .service(index)`), inline otherwise.
  const multiline = last !== undefined && !!receiver && text.slice(receiver.endIndex, last.dot).includes('\n');
  if (!multiline) return insertAt(returned.endIndex, call);
  return insertAt(returned.endIndex, `${eolOf(text)}${indentOfLine(text, last.dot)}${call}`);
}

/** `move` before the closure's parameters: the key and the store are moved (cloned per worker) into it. */
function moveSplice(site: ServerSite): Splice | null {
  const closure = site.closure as RustNode;
  if (/^(?:async\s+)?move\b/.test(closure.text) || /^static\b/.test(closure.text)) return null;
  const params = closure.childForFieldName('parameters');
  return insertAt(params?.startIndex ?? closure.startIndex, 'move ');
}

/** The session store on a pool of the app's own: the `let` that binds it and that binding's name. */
interface SharedPool {
  name: string;
  statement: RustNode;
}

/**
 * The pool the store can share: a `let` of the function holding HttpServer::new that
 * binds a pool of the store's type, before the server's statement, on a line of its
 * own, with the app on a sqlx line the generated store compiles with (its `from_pool`
 * then takes the app's own pool type).
 */
function sharedPool(site: ServerSite, body: RustNode, store: StoreId, sqlxLine: string | null): SharedPool | null {
  if (sqlxLine === null || !SQLX_LINES.includes(sqlxLine)) return null;
  const pool = findPoolBinding(body, store);
  if (!pool || pool.statement.endIndex > site.statement.startIndex) return null;
  const text = site.source.text;
  const lineEnd = text.indexOf('\n', pool.statement.endIndex);
  if (text.slice(pool.statement.endIndex, lineEnd === -1 ? text.length : lineEnd).trim() !== '') return null;
  return pool;
}

/**
 * The key, once, before the statement holding HttpServer::new, and the store: from the
 * app's own pool right after the `let` that binds it (before anything can move the
 * pool, e.g. into `web::Data::new(pool)`), else connected before the server.
 */
function setupSplices(
  site: ServerSite,
  prefix: string,
  store: StoreId,
  sqlxLine: string | null,
  warnings: string[],
  warnDatabaseUrl: boolean,
): { splices: Splice[]; pool: SharedPool | null } {
  const { source, fnNode, statement } = site;
  const text = source.text;
  const where = { file: source.file, ...at(text, site.call.startIndex) };
  if (!fnNode)
    refuse(
      `${source.file}:${where.line}: HttpServer::new is not inside a function.`,
      where,
      'Add the lines by hand.',
      store,
    );
  const body = fnNode.childForFieldName('body');
  const head = text.slice(fnNode.startIndex, body?.startIndex ?? fnNode.endIndex);
  const fnAt = { file: source.file, ...at(text, fnNode.startIndex) };
  const name = fnNode.childForFieldName('name')?.text ?? 'the function';
  if (!/\basync\b/.test(head) || !body)
    refuse(
      `fn ${name} (${source.file}:${fnAt.line}) starts the server but is not async, so the session store cannot be connected there before HttpServer::new.`,
      fnAt,
      `Connect the store in an async fn before HttpServer::new (let session_store = ${connectExpression(store, prefix)}.await?;) and move it into the closure, or make fn ${name} async.`,
      store,
    );
  // The generated stores spawn their cleanup with actix_web::rt::spawn (a local task of actix's runtime).
  const attributes = text.slice(Math.max(0, fnNode.startIndex - 300), fnNode.startIndex);
  if (store !== 'redis' && /#\[\s*tokio\s*::\s*main\b[^\]]*\]\s*$/.test(attributes))
    refuse(
      `fn ${name} (${source.file}:${fnAt.line}) runs on #[tokio::main]; the ${store} session store deletes expired sessions in a task of actix's runtime (actix_web::rt::spawn), which panics outside it.`,
      fnAt,
      'Use #[actix_web::main] for the server (actix-web runs on it), or choose --store redis.',
      store,
    );
  const code = rustCode(body.text);
  // A second run: the store shares a pool when the first run made it so.
  if (new RegExp(`\\b${MODULE}\\s*::\\s*key\\s*\\(`).test(code))
    return {
      splices: [],
      pool: new RegExp(`\\b${STORE_MODULE}\\s*::\\s*from_pool\\s*\\(`).test(code)
        ? sharedPool(site, body, store, sqlxLine)
        : null,
    };
  const other = warnDatabaseUrl ? otherDatabasePool(body, store) : null;
  if (other)
    warnings.push(
      `${source.file}:${fnAt.line}: the app builds its own ${other} pool, and the ${store} session store connects to DATABASE_URL; if the app's pool reads DATABASE_URL too, give the session store a variable of its own in src/${STORE_MODULE}.rs.`,
    );
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (text.slice(lineStart, statement.startIndex).trim() !== '')
    refuse(
      `${source.file}:${at(text, statement.startIndex).line} shares its line with other code; session-kit inserts whole lines.`,
      { file: source.file, ...at(text, statement.startIndex) },
      'Put the statement on its own line, or add the lines by hand.',
      store,
    );
  // `?` where the function returns a Result (io::Error converts into io, Box<dyn Error>, anyhow, eyre errors).
  const returns = fnNode.childForFieldName('return_type')?.text ?? '';
  const eol = eolOf(text);
  const awaited = (indent: string, message: string) =>
    /\bResult\b/.test(returns) ? '.await?' : `.await${eol}${indent}    .expect("${message}")`;
  const indent = indentOfLine(text, statement.startIndex);
  const key = `${indent}let session_key = ${prefix}${MODULE}::key();${eol}`;
  const pool = actixStoreTemplate(store) ? sharedPool(site, body, store, sqlxLine) : null;
  if (!pool)
    return {
      splices: [
        insertAt(
          lineStart,
          `${key}${indent}let session_store = ${connectExpression(store, prefix)}${awaited(indent, 'cannot connect the session store')};${eol}`,
        ),
      ],
      pool: null,
    };
  const lineEnd = text.indexOf('\n', pool.statement.endIndex);
  const poolIndent = indentOfLine(text, pool.statement.startIndex);
  const shared = `${poolIndent}let session_store = ${prefix}${STORE_MODULE}::from_pool(${pool.name}.clone())${awaited(poolIndent, 'cannot set up the session store')};${eol}`;
  return {
    splices: [insertAt(lineEnd + 1, shared), insertAt(lineStart, key)],
    pool,
  };
}

function modSplice(root: CrateSource, names: string[]): Splice | null {
  const mods = root.tree.namedChildren.filter((n) => n?.type === 'mod_item');
  const missing = names.filter((name) => !mods.some((m) => m?.childForFieldName('name')?.text === name));
  if (missing.length === 0) return null;
  const eol = eolOf(root.text);
  const decls = missing.map((name) => `mod ${name};`);
  const last = mods[mods.length - 1];
  if (last) return insertAt(last.endIndex, decls.map((d) => `${eol}${d}`).join(''));
  // Above the first item, after the leading inner attributes and comments (`#![...]`, `//!`).
  const first = root.tree.namedChildren.find(
    (n) => n !== null && n.type !== 'inner_attribute_item' && n.type !== 'line_comment' && n.type !== 'block_comment',
  );
  const offset = first ? root.text.lastIndexOf('\n', first.startIndex - 1) + 1 : root.text.length;
  return insertAt(offset, `${decls.join(eol)}${eol}${eol}`);
}

// ---- Cargo.toml ----

function planCargo(
  manifestFile: string,
  text: string,
  crates: { spec: CrateSpec; why: string }[],
  store: StoreId,
): { after: string; added: Dependency[] } {
  const cargo = cargoDependencies(manifestFile, text);
  for (const { spec, why } of crates) {
    const { name, version, features } = spec;
    const existing = depObject(cargo.deps[name]);
    // The app keeps its own line of a crate the store compiles with (sqlx 0.8 or 0.9).
    const lines = spec.lines ?? [minorLine(version) ?? version];
    if (existing?.version && !lines.includes(minorLine(existing.version) ?? '') && /^0\./.test(version))
      refuse(
        `${manifestFile} declares ${name} ${existing.version}; the ${store} session store is written for ${name} ${lines.join(' or ')}.`,
        { file: manifestFile },
        `Upgrade ${name} to ${lines[lines.length - 1]}, or add the session store by hand.`,
        store,
        'unsupported-version',
      );
    cargo.ensure(name, version, features, why, {
      noDefaultFeatures: spec.noDefaultFeatures,
      covered: (f, have) => featureCovered(name, f, have),
    });
  }
  return cargo.result();
}

// ---- the generated modules ----

export function sessionModule(store: StoreId, eol: string, poolShared = false): string {
  const redis = store === 'redis';
  const text = readTemplate('actix-web/session.rs')
    .replace('{{store}}', store)
    .replace(
      '{{about}}',
      redis
        ? "The store is\n//! actix-session's Redis store (`redis_store()`); sessions expire there by themselves."
        : poolShared
          ? "The store is\n//! `session_store::from_pool(..)` (src/session_store.rs) on the app's own pool."
          : 'The store is\n//! `session_store::connect()` (src/session_store.rs).',
    )
    .replace('{{env}}', redis ? '//! - REDIS_URL: the Redis server;\n' : '')
    .replace('{{storage}}', redis ? '{RedisSessionStore, SessionStore}' : 'SessionStore')
    .replace(
      '{{store_fn}}',
      redis
        ? [
            '/// The Redis store (REDIS_URL), connected once; the HttpServer closure clones it into every worker.',
            'pub async fn redis_store() -> std::io::Result<RedisSessionStore> {',
            '    let url = std::env::var("REDIS_URL")',
            '        .map_err(|_| std::io::Error::other("REDIS_URL must be set (in .env) for the session store"))?;',
            '    RedisSessionStore::new(url).await.map_err(|e| {',
            '        std::io::Error::other(format!("cannot connect to REDIS_URL for the session store: {e}"))',
            '    })',
            '}',
            '',
            '',
          ].join('\n')
        : '',
    );
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

export async function planActix(ctx: PlanContext): Promise<void> {
  const { project, builder, options } = ctx;
  const files = project.files;
  const store = options.store.id;
  const app = locateActixApp(project);
  if (!app)
    throw new UserError('No crate of this project depends on actix-web.', {
      where: { file: 'Cargo.toml' },
      hint: 'Run session-kit in the actix-web crate or workspace, or pass --cwd.',
      code: 'not-detected',
    });
  checkVersions(app, files, store);
  const template = store === 'redis' ? null : actixStoreTemplate(store);
  if (store !== 'redis' && template === null)
    refuse(
      `actix-session ships no ${store} store, and session-kit has none to generate for actix-web.`,
      { file: app.manifest },
      'Choose --store redis, memory, postgres, mysql or sqlite.',
      store,
      'unsupported-store',
    );
  const sources = await crateSources(files, app);
  if (options.fixOrder) {
    const repair = fixOrderSplices(sources);
    if (repair) {
      builder.edit(
        repair.file,
        repair.splices,
        'moves the session middleware after the middleware that reads the session (the last wrap runs first)',
        'source',
      );
      builder.warn(`Moved the session middleware of ${repair.file}:${repair.line} to the end of its App chain.`);
      return;
    }
  }
  refuseForeignSession(sources, store);
  const site = chooseServer(app, sources, store);

  const srcDir = app.crateDir ? `${app.crateDir}/src` : 'src';
  const mainFile = `${srcDir}/main.rs`;
  const libFile = `${srcDir}/lib.rs`;
  const rootFile = app.modules.get(mainFile)?.includes(site.source.file) ? mainFile : libFile;
  const root = sources.find((s) => s.file === rootFile) as CrateSource;
  const moduleFile = `${srcDir}/${MODULE}.rs`;
  const storeFile = `${srcDir}/${STORE_MODULE}.rs`;
  refuseExisting(ctx, moduleFile, store);
  if (template) refuseExisting(ctx, storeFile, store);
  const prefix = site.source.file === rootFile ? '' : 'crate::';

  // The wrap: skipped when the returned App already has ours (a second run).
  const readers = sessionReaders(sources);
  const returned = returnedChain(site);
  const hasWrap =
    !!returned &&
    returned.calls.some(
      (c) => c.method === 'wrap' && c.args && classifyWrap(c.args.text, readers) === 'session-middleware',
    );
  const edits = new Map<string, Splice[]>();
  const push = (file: string, splice: Splice | null) => {
    if (splice) edits.set(file, [...(edits.get(file) ?? []), splice]);
  };
  push(rootFile, modSplice(root, template ? [MODULE, STORE_MODULE] : [MODULE]));
  const warnings: string[] = [];
  const setup = setupSplices(
    site,
    prefix,
    store,
    app.sqlxLine,
    warnings,
    options.store.env.some((v) => v.key === 'DATABASE_URL'),
  );
  for (const warning of warnings) builder.warn(warning);
  for (const splice of setup.splices) push(site.source.file, splice);
  if (!hasWrap) {
    push(site.source.file, moveSplice(site));
    push(site.source.file, wrapSplice(site, `${prefix}${MODULE}`));
  }
  for (const [file, splices] of edits) {
    const why =
      file === site.source.file
        ? setup.pool
          ? `sets up the session store on the app's own pool (\`${setup.pool.name}\`, shared), creates the session key before HttpServer::new and wraps the App with the session middleware, as its last .wrap`
          : 'creates the session key and store before HttpServer::new and wraps the App with the session middleware, as its last .wrap'
        : `declares the ${MODULE} module${template ? 's' : ''}`;
    builder.edit(file, splices, why, 'source');
  }
  const eol = eolOf(root.text);
  builder.create(
    moduleFile,
    sessionModule(store, eol, setup.pool !== null),
    `actix-session middleware and key (${store} store)`,
    'generated',
  );
  if (template) {
    const text = readTemplate(template);
    builder.create(storeFile, eol === '\n' ? text : text.replace(/\n/g, eol), `the ${store} SessionStore`, 'generated');
  }

  const manifestText = files.read(app.manifest) as string;
  const crates = [
    { spec: actixSessionCrate(store), why: 'session middleware' },
    ...actixStoreCrates(store).map((spec) => ({ spec, why: `${store} session store` })),
    { spec: { ...DOTENVY, features: [] }, why: 'reads .env at start-up' },
  ];
  const cargo = planCargo(app.manifest, manifestText, crates, store);
  if (cargo.after !== manifestText)
    builder.rewrite(
      app.manifest,
      cargo.after,
      `adds actix-session ${ACTIX_SESSION_VERSION} and the ${store} store`,
      'package-manifest',
    );
  for (const dep of cargo.added) builder.dependency(dep);

  planRustSessionEnv(builder, files, {
    secretDescription: 'Signs and encrypts the session cookie (at least 64 bytes); secret',
    store: options.store,
    sharedPool: setup.pool !== null,
  });
  if (store === 'memory')
    builder.warn('The memory store keeps sessions in the server process: every restart logs everyone out.');
  builder.next('cargo build   # fetches actix-session and the store crates');
}

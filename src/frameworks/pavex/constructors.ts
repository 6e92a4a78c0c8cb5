/**
 * The connection a store needs: a sqlx pool or a Redis ConnectionManager.
 * An existing `#[singleton]` constructor of that type is reused; otherwise a
 * small module with a config type and a singleton constructor is added to the
 * app crate (components of `crate` are imported by `from![crate]`).
 */
import type { ProjectFiles } from '../../detect/project.js';
import type { StoreId } from '../../stores/types.js';
import { lineColumn } from './blueprint.js';
import type { PavexApp } from './detect.js';
import type { RustNode as Node } from '../../edit/rust/syntax-node.js';
import { rustSyntaxTree } from '../../edit/rust/syntax-tree.js';

export interface ConnectionSpec {
  /** Pattern of the type the store's constructor takes. */
  type: RegExp;
  /** Type as written in generated code. */
  rustType: string;
  label: string;
  configKey: string;
  configType: string;
  envKey: string;
  example: string;
  localDefault: string;
}

export function connectionSpec(store: StoreId, configKey: string): ConnectionSpec | null {
  const env = `PX_${configKey.toUpperCase()}__URL`;
  const configType =
    configKey === 'redis' ? 'RedisConfig' : configKey === 'database' ? 'DatabaseConfig' : 'SessionDatabaseConfig';
  switch (store) {
    case 'postgres':
      return {
        type: /\b(PgPool|Pool\s*<\s*Postgres\s*>)/,
        rustType: 'sqlx::PgPool',
        label: 'PgPool',
        configKey,
        configType,
        envKey: env,
        example: 'postgres://user:password@localhost:5432/app',
        localDefault: 'postgres://postgres@127.0.0.1:5432/app',
      };
    case 'mysql':
      return {
        type: /\b(MySqlPool|Pool\s*<\s*MySql\s*>)/,
        rustType: 'sqlx::MySqlPool',
        label: 'MySqlPool',
        configKey,
        configType,
        envKey: env,
        example: 'mysql://user:password@localhost:3306/app',
        localDefault: 'mysql://root@127.0.0.1:3306/app',
      };
    case 'sqlite':
      return {
        type: /\b(SqlitePool|Pool\s*<\s*Sqlite\s*>)/,
        rustType: 'sqlx::SqlitePool',
        label: 'SqlitePool',
        configKey,
        configType,
        envKey: env,
        example: 'sqlite://app.db?mode=rwc',
        localDefault: 'sqlite://app.db?mode=rwc',
      };
    case 'redis':
      return {
        type: /\bConnectionManager\b/,
        rustType: 'redis::aio::ConnectionManager',
        label: 'ConnectionManager',
        configKey,
        configType,
        envKey: env,
        example: 'redis://localhost:6379',
        localDefault: 'redis://127.0.0.1:6379',
      };
    default:
      return null;
  }
}

/** All .rs files of the app crate's src/, relative to the project root. */
export function rustSources(files: ProjectFiles, dir: string): string[] {
  const out: string[] = [];
  for (const entry of files.list(dir).sort()) {
    const rel = `${dir}/${entry}`;
    if (files.isDirectory(rel)) out.push(...rustSources(files, rel));
    else if (entry.endsWith('.rs')) out.push(rel);
  }
  return out;
}

export interface ExistingConstructor {
  file: string;
  line: number;
  name: string;
}

function hasSingletonAttribute(fn: Node): boolean {
  for (
    let prev = fn.previousSibling;
    prev && (prev.type === 'attribute_item' || /comment/.test(prev.type));
    prev = prev.previousSibling
  ) {
    if (prev.type === 'attribute_item' && /\bsingleton\b|constructor\s*\(\s*singleton|prebuilt/.test(prev.text))
      return true;
  }
  return false;
}

/** A `#[singleton]` function of the app crate returning the connection type, if any. */
export async function findConstructor(
  files: ProjectFiles,
  app: PavexApp,
  spec: ConnectionSpec,
): Promise<ExistingConstructor | null> {
  const srcDir = app.crateDir ? `${app.crateDir}/src` : 'src';
  for (const file of rustSources(files, srcDir)) {
    const text = files.read(file);
    if (!text || !spec.type.test(text)) continue;
    const stack: Node[] = [await rustSyntaxTree(text)];
    while (stack.length > 0) {
      const node = stack.pop() as Node;
      if (node.type === 'function_item') {
        const ret = node.childForFieldName('return_type')?.text ?? '';
        if (spec.type.test(ret) && hasSingletonAttribute(node)) {
          return {
            file,
            line: lineColumn(text, node.startIndex).line,
            name: node.childForFieldName('name')?.text ?? '?',
          };
        }
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
  }
  return null;
}

/** Is a config key already taken by the app (a `#[config(key = "...")]` type)? */
export function configKeyTaken(files: ProjectFiles, app: PavexApp, key: string): boolean {
  const srcDir = app.crateDir ? `${app.crateDir}/src` : 'src';
  const pattern = new RegExp(`key\\s*=\\s*"${key}"`);
  return rustSources(files, srcDir).some((f) => pattern.test(files.read(f) ?? ''));
}

export function constructorModule(store: StoreId, spec: ConnectionSpec): string {
  const head = [
    '//! The connection the session store needs, added by session-kit.',
    '//! Its components are registered by `from![crate]` in the blueprint.',
    'use pavex::{config, methods};',
    '',
    '#[derive(serde::Deserialize, Debug, Clone)]',
    `/// Where the session store's ${store === 'redis' ? 'Redis server' : 'database'} is.`,
    '///',
    `/// Set it with the \`${spec.envKey}\` environment variable (see \`.env\`).`,
    `#[config(key = "${spec.configKey}")]`,
    `pub struct ${spec.configType} {`,
    `    /// A connection URL, e.g. \`${spec.example}\`.`,
    '    pub url: String,',
    '}',
    '',
    '#[methods]',
    `impl ${spec.configType} {`,
  ];
  const body =
    store === 'redis'
      ? [
          '    /// One multiplexed connection shared by the whole application;',
          '    /// it reconnects by itself when the connection drops.',
          '    #[singleton]',
          '    pub async fn connection_manager(&self) -> Result<redis::aio::ConnectionManager, redis::RedisError> {',
          '        let client = redis::Client::open(self.url.as_str())?;',
          '        redis::aio::ConnectionManager::new(client).await',
          '    }',
        ]
      : [
          '    /// The pool of connections shared by the whole application.',
          '    /// Connections open on first use, so the server starts before the database is up.',
          '    #[singleton]',
          `    pub fn pool(&self) -> Result<${spec.rustType}, sqlx::Error> {`,
          `        sqlx::pool::PoolOptions::new().connect_lazy(&self.url)`,
          '    }',
        ];
  return [...head, ...body, '}', ''].join('\n');
}

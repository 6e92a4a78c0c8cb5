/**
 * Rust sources for the differential tests of the quick parser: the Rust fixtures'
 * files (Pavex, axum, actix-web), and blueprint.rs variants generated from statement, item and layout pools.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');

export function fixtureRustFiles(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (entry === 'target' || entry === 'node_modules') continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.rs'))
        found.push({ name: path.relative(FIXTURES, full), text: readFileSync(full, 'utf8') });
    }
  };
  for (const entry of readdirSync(FIXTURES).filter((e) => /^(check-)?(pavex|axum|actix-web)/.test(e)))
    walk(path.join(FIXTURES, entry));
  return found;
}

/** A small deterministic generator (mulberry32), so a failing case can be reproduced from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USES = [
  'use pavex::Blueprint;',
  'use pavex::blueprint::from;',
  'use pavex::{Blueprint, blueprint::from};',
  'use pavex::cookie::INJECT_RESPONSE_COOKIES;',
  'use pavex_session::FINALIZE_SESSION;',
  'use pavex::cookie::*;',
  'use crate::{routes, telemetry as tele};',
  'pub use crate::configuration::{self, AppConfig};',
  'pub(crate) use pavex::blueprint::{from, Blueprint as Bp};',
  'use super::x;',
];

const STATEMENTS = [
  'bp.import(from![crate, pavex]);',
  'bp.import(from![\n        // Local components\n        crate,\n        pavex, // the framework\n        pavex_session,\n    ]);',
  'bp.import(from![crate, pavex, pavex_session, pavex_session_sqlx::postgres]);',
  'bp.import(from![*]);',
  'bp.post_process(FINALIZE_SESSION);',
  'bp.post_process(pavex_session::FINALIZE_SESSION);',
  'bp.post_process(INJECT_RESPONSE_COOKIES);',
  'bp.post_process(pavex::cookie::INJECT_RESPONSE_COOKIES);',
  'bp.post_process(crate::telemetry::LOGGER);',
  'bp.route(routes::INDEX);',
  'bp.prefix("/api").routes(from![crate]);',
  'bp.prefix("/users\\n").nest(users::blueprint());',
  'bp.nest(internal());',
  'register_admin(&mut bp);',
  'telemetry::instrument(&mut bp);',
  'ApiKit::new().register(&mut bp);',
  'bp.constructor(f!(crate::Config::new), Lifecycle::Singleton);',
  'bp.wrap(crate::middleware::TIMEOUT);',
  'bp.singleton(crate::pool::POOL).clone_if_necessary();',
  'tracing::info!("building the blueprint: {}", 42);',
  'let x = 1u32;',
  'let mut other: Vec<u8> = Vec::new();',
  'bp.error_handler(crate::errors::HANDLER) /* why */ ;',
  'bp /* inline */ .route(routes::PING);',
  'assert!(true, "x");',
  'self::configure(&mut bp, false);',
  'let client = redis::Client::open(url.as_str())?;',
  'pool.connect().await?.ping().await;',
  'quote!(fn new(mut self) -> Self where T: Default { impl dyn Send for union });',
];

const OTHER_ITEMS = [
  'fn register_admin(bp: &mut Blueprint) {\n    bp.route(routes::ADMIN);\n}',
  'fn internal() -> Blueprint {\n    let mut bp = Blueprint::new();\n    bp.route(routes::HEALTH);\n    bp\n}',
  '/// Doc comment.\n#[allow(dead_code)]\nfn helper(mut n: u32, s: &str) -> Result<(), crate::Error> {\n    inner(n, s)\n}',
  'mod tests;',
  '#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn builds() {\n        let _bp = blueprint();\n    }\n}',
  '/* A block comment /* nested */ here. */',
  'pub(crate) fn configure(bp: &mut pavex::Blueprint, verbose: bool) {\n    bp.post_process(crate::LOG);\n}',
  'pub(super) fn odd(a: u8,) -> () {\n    let y;\n    let z: bool;\n    f(a,);\n    m![1, 2];\n    n!({ a: [b] } == c);\n    self.x.y(crate::a::b::c, super::d, 7i64, false)\n}',
  'mod outer {\n    pub mod inner {\n        use std::collections::{HashMap, BTreeMap as Map};\n    }\n}',
  '#[derive(serde::Deserialize, Debug, Clone)]\n#[config(key = "database")]\npub struct DatabaseConfig {\n    /// A URL.\n    pub url: String,\n    #[serde(default)]\n    pub(crate) pool: Option<u32>\n}',
  'struct Unit;\n\npub(crate) struct Empty {}',
  '#[methods]\nimpl DatabaseConfig {\n    #[singleton]\n    pub fn pool(&self) -> Result<sqlx::PgPool, sqlx::Error> {\n        sqlx::pool::PoolOptions::new().connect_lazy(&self.url)\n    }\n    fn take(mut self, n: u8) {}\n    fn edit(&mut self,) {}\n    fn by_value(self) -> u8 {\n        self.n\n    }\n}',
  'impl std::fmt::Display for Unit {}\n\nimpl From<u8> for Empty {\n    fn from(n: u8) -> Empty {\n        Empty::new(n)\n    }\n}',
  '#[serde(default, rename = "x")]\npub async fn connect(&self) -> Result<u8, Error> {\n    let c = open(self.url.as_str())?;\n    c.ready().await\n}',
  'async fn ping() {}',
  '#[rustfmt::skip]\nfn types(a: &mut Vec<u8>, b: crate::a::B, c: Option<&str>, d: std::result::Result<(), ()>) {}',
];

function pick<T>(next: () => number, items: T[]): T {
  return items[Math.floor(next() * items.length)];
}

/** A blueprint.rs in the supported part of Rust (the quick parser must accept it). */
export function generatedBlueprint(seed: number): string {
  const next = random(seed);
  const lines: string[] = [];
  if (next() < 0.2) lines.push('//! The blueprint.');
  if (next() < 0.1) lines.push('#![allow(unused)]');
  const uses = USES.filter(() => next() < 0.4);
  lines.push(...uses, '');
  const bp = next() < 0.8 ? 'bp' : 'blueprint';
  const statements = Array.from({ length: Math.floor(next() * 9) }, () =>
    pick(next, STATEMENTS).replace(/\bbp\b/g, bp),
  );
  const body = statements.map((s) => (next() < 0.15 ? `    // step\n    ${s}` : `    ${s}`));
  const fnName = next() < 0.9 ? 'blueprint' : 'build';
  const items = [
    `/// The main blueprint.\npub fn ${fnName}() -> Blueprint {\n    let mut ${bp} = ${next() < 0.8 ? 'Blueprint' : 'pavex::Blueprint'}::new();\n${body.join('\n')}${body.length ? '\n' : ''}    ${bp}\n}`,
    ...OTHER_ITEMS.filter(() => next() < 0.3),
  ];
  if (next() < 0.5) items.reverse();
  lines.push(items.join('\n\n'));
  let text = `${lines.join('\n')}\n`;
  if (next() < 0.3) text = text.replace(/\n/g, '\r\n');
  if (next() < 0.2) text = text.replace(/^ {4}/gm, '\t');
  if (next() < 0.1) text = text.trimEnd();
  return text;
}

/** Bits of Rust (valid or not) that mutations insert. */
const ATOMS = [
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  ',',
  '.',
  ':',
  '::',
  '"',
  '!',
  '&',
  '&mut ',
  '/',
  '*',
  '<',
  '>',
  '#',
  '#[x]',
  ' ',
  '\n',
  '\r\n',
  '_',
  'x',
  '1',
  '/*',
  '*/',
  '//',
  '///',
  '//!',
  '/**',
  '/*!',
  '->',
  '=>',
  '=',
  'let ',
  'mut ',
  'fn ',
  'pub ',
  'use ',
  'mod ',
  'struct ',
  'async ',
  '.await',
  'impl ',
  ' for ',
  'crate',
  'self',
  'super',
  'true',
  'u8',
  'as ',
  'if ',
  "'a",
  "'",
  'r#',
  'b"',
  '"\\n"',
  '"\\q"',
  '"\\x7f"',
  '"\\u{1F600}"',
  '\\',
  '$',
  '1.5',
  '0x1',
  '1u8',
  'é',
  '?',
  '|',
  '@',
];

/** `text` with one random change: a character deleted or doubled, or a bit of Rust inserted or put in its place. */
export function mutated(text: string, seed: number): string {
  const next = random(seed);
  const at = Math.floor(next() * text.length);
  const kind = next();
  if (kind < 0.3) return text.slice(0, at) + text.slice(at + 1);
  if (kind < 0.45) return text.slice(0, at) + text[at] + text.slice(at);
  const atom = pick(next, ATOMS);
  if (kind < 0.75) return text.slice(0, at) + atom + text.slice(at);
  return text.slice(0, at) + atom + text.slice(at + 1);
}

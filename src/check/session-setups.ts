/**
 * Every place an app sets up a session, in every file it loads: a call of a session
 * library's middleware factory (`session({...})`, `require('express-session')({...})`,
 * `useSession()`), a Fastify session plugin given to `register`, for Pavex a session
 * store provider (a store crate in `from![...]`, or a function returning `SessionStore`),
 * and for tower-sessions (axum) a `SessionManagerLayer::new(..)`.
 * A session kept in a const and used twice is one setup; two setups for one app are
 * what the `session-duplicate` rule reports and what `add` refuses to create.
 */
import { MANIFEST_FILE, parseManifest } from '../core/manifest.js';
import { followAliases } from '../detect/import-aliases.js';
import path from 'node:path';
import type { CallExpression, File, NewExpression, Node } from '@babel/types';
import { resolveSourceFile } from '../detect/entry.js';
import type { Project } from '../detect/project.js';
import { lineColumn } from '../edit/lines.js';
import { parseJs } from '../edit/js/parse.js';
import { isRelative, moduleBindings } from '../edit/js/modules.js';
import { preorder } from '../edit/js/walk.js';
import { rustCode } from '../edit/rust/code.js';
import { GENERATED_MARKER, isGenerated } from '../frameworks/node/generated-module.js';
import { nodeAppFiles, rustCrateFiles } from './app-files.js';
import { maskSource } from './mask.js';

/** How a library's session is set up: its factory called, or its plugin registered. */
interface SessionLibrary {
  name: string;
  /** Named exports that set up a session when called; the default export always does unless `plugin`. */
  factories?: string[];
  /** A Fastify plugin: the setup is `register(<it>, ...)`. */
  plugin?: boolean;
}

export const SESSION_LIBRARIES: SessionLibrary[] = [
  { name: 'express-session' },
  { name: 'cookie-session' },
  { name: 'koa-session', factories: ['createSession'] },
  { name: 'koa-generic-session' },
  { name: '@fastify/session', plugin: true, factories: ['fastifySession'] },
  { name: '@fastify/secure-session', plugin: true, factories: ['fastifySecureSession'] },
  { name: 'fastify-session', plugin: true },
  { name: 'hono-sessions', factories: ['sessionMiddleware'] },
  { name: '@hono/session', factories: ['useSession'] },
];

const LIBRARY_NAMES = SESSION_LIBRARIES.map((l) => l.name);
const MENTIONS_LIBRARY = new RegExp(`['"](?:${LIBRARY_NAMES.map((n) => n.replace(/[/@.-]/g, '\\$&')).join('|')})['"]`);

export interface SessionSetup {
  library: string;
  file: string;
  line: number;
  column: number;
  /** Offset of the setting-up expression in the file. */
  start: number;
  /** Short excerpt, for messages. */
  text: string;
  /** In a module session-kit generated (first-line marker). */
  generated: boolean;
}

type SourceOf = (node: Node | null | undefined) => string | null;

/** `require('x')`, `require('x').default`, `await import('x')`, `(await import('x')).default` → 'x'. */
const moduleOf: SourceOf = (node) => {
  if (!node) return null;
  if (node.type === 'AwaitExpression') return moduleOf(node.argument);
  if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'ParenthesizedExpression')
    return moduleOf(node.expression);
  if (node.type === 'CallExpression') {
    const arg = node.arguments[0];
    const isLoad =
      (node.callee.type === 'Identifier' && node.callee.name === 'require') || node.callee.type === 'Import';
    return isLoad && arg?.type === 'StringLiteral' ? arg.value : null;
  }
  if (node.type === 'MemberExpression' && node.property.type === 'Identifier' && node.property.name === 'default')
    return moduleOf(node.object);
  return null;
};

/**
 * Local names bound to something of a session library that sets a session up, and every
 * call and `new` of the file in walk order (pre-order), read against those names afterwards
 * (a name may be bound after its first use): one walk over the tree instead of two.
 */
function setupBindings(ast: File): { names: Map<string, SessionLibrary>; calls: (CallExpression | NewExpression)[] } {
  const names = new Map<string, SessionLibrary>();
  const calls: (CallExpression | NewExpression)[] = [];
  const library = (source: string) => SESSION_LIBRARIES.find((l) => l.name === source);
  // Import declarations hold no call and no declarator: nothing below them is read.
  for (const node of preorder(ast.program)) {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      calls.push(node);
      continue;
    }
    if (node.type === 'ImportDeclaration' && node.importKind !== 'type') {
      const lib = library(node.source.value);
      if (!lib) continue;
      for (const spec of node.specifiers) {
        if (spec.type === 'ImportSpecifier') {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          if (spec.importKind !== 'type' && (imported === 'default' || lib.factories?.includes(imported)))
            names.set(spec.local.name, lib);
        } else names.set(spec.local.name, lib);
      }
      continue;
    }
    if (node.type === 'TSImportEqualsDeclaration' && node.moduleReference.type === 'TSExternalModuleReference') {
      const lib = library(node.moduleReference.expression.value);
      if (lib) names.set(node.id.name, lib);
      continue;
    }
    if (node.type === 'VariableDeclarator') {
      let init: Node | null | undefined = node.init;
      let member: string | null = null;
      if (
        init?.type === 'MemberExpression' &&
        init.property.type === 'Identifier' &&
        init.property.name !== 'default'
      ) {
        member = init.property.name;
        init = init.object;
      }
      const source = moduleOf(init);
      const lib = source ? library(source) : undefined;
      if (!lib) continue;
      if (node.id.type === 'Identifier' && (member === null || lib.factories?.includes(member)))
        names.set(node.id.name, lib);
      if (node.id.type === 'ObjectPattern' && member === null) {
        for (const prop of node.id.properties) {
          if (prop.type !== 'ObjectProperty' || prop.value.type !== 'Identifier') continue;
          const key =
            prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'StringLiteral' ? prop.key.value : null;
          if (key && (key === 'default' || lib.factories?.includes(key))) names.set(prop.value.name, lib);
        }
      }
    }
  }
  return { names, calls };
}

/** The library an expression stands for: a bound name, or an inline `require('x')` / `import('x')`. */
function libraryOf(node: Node | null | undefined, names: Map<string, SessionLibrary>): SessionLibrary | null {
  if (!node) return null;
  if (node.type === 'Identifier') return names.get(node.name) ?? null;
  if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.property.type === 'Identifier') {
    // `session.default(...)` or a namespace's factory: `sessions.sessionMiddleware(...)`.
    const lib = names.get(node.object.name);
    return lib && (node.property.name === 'default' || lib.factories?.includes(node.property.name)) ? lib : null;
  }
  const source = moduleOf(node);
  return source ? (SESSION_LIBRARIES.find((l) => l.name === source) ?? null) : null;
}

/**
 * `ours`: names imported from a module session-kit generated (`sessionOptions`): a plugin
 * registered with them is session-kit's setup, as is any setup inside a generated module.
 */
export function sessionSetupsInJs(
  ast: File,
  text: string,
  file: string,
  ours: ReadonlySet<string> = new Set(),
): SessionSetup[] {
  const { names, calls } = setupBindings(ast);
  const inGenerated = text.slice(0, 300).includes(GENERATED_MARKER);
  const setups: SessionSetup[] = [];
  const push = (lib: SessionLibrary, node: Node) => {
    const start = node.start ?? 0;
    const args = node.type === 'CallExpression' || node.type === 'NewExpression' ? node.arguments : [];
    const generated = inGenerated || args.some((a) => a.type === 'Identifier' && ours.has(a.name));
    const { line, column } = lineColumn(text, start);
    setups.push({
      library: lib.name,
      file,
      line,
      column,
      start,
      text: text.slice(start, Math.min(node.end ?? start, start + 80)),
      generated,
    });
  };
  // A setup's own arguments are not searched for another (the walk skipped below a match).
  let skipEnd = -1;
  for (const node of calls) {
    if ((node.start ?? 0) < skipEnd) continue;
    const callee = node.callee;
    // `fastify.register(fastifySession, {...})`, `register(import('@fastify/session'))`.
    if (
      callee.type === 'MemberExpression' &&
      callee.property.type === 'Identifier' &&
      callee.property.name === 'register'
    ) {
      const lib = libraryOf(node.arguments[0] as Node | undefined, names);
      if (lib?.plugin) {
        push(lib, node);
        skipEnd = node.end ?? 0;
        continue;
      }
    }
    const lib = node.type === 'CallExpression' ? libraryOf(callee, names) : null;
    if (lib && !lib.plugin) {
      push(lib, node);
      skipEnd = node.end ?? 0;
    }
  }
  return setups;
}

/** Pavex: store crates named in `from![...]` and functions providing a `SessionStore`. */
const FROM_GROUP = /\bfrom!\s*\[([^\]]*)\]/g;
const STORE_CRATE = /^pavex_session_\w+(?:::\w+)*/;
const STORE_PROVIDER =
  /\bfn\s+\w+\s*(?:<[^>]*>)?\s*\([^)]*\)\s*->\s*(?:Result\s*<\s*)?(?:pavex_session::)?SessionStore\b/g;

export function sessionSetupsInRust(text: string, file: string): SessionSetup[] {
  const code = rustCode(text);
  const setups: SessionSetup[] = [];
  const push = (index: number, excerpt: string, library = 'pavex_session') => {
    const { line, column } = lineColumn(text, index);
    setups.push({ library, file, line, column, start: index, text: excerpt.slice(0, 80), generated: false });
  };
  for (const group of code.matchAll(FROM_GROUP)) {
    let offset = (group.index ?? 0) + group[0].indexOf('[') + 1;
    for (const entry of group[1].split(',')) {
      const lead = entry.length - entry.trimStart().length;
      const crate = STORE_CRATE.exec(entry.trim());
      if (crate) push(offset + lead, crate[0], crate[0].split('::')[0]);
      offset += entry.length + 1;
    }
  }
  for (const match of code.matchAll(STORE_PROVIDER)) push(match.index ?? 0, match[0]);
  // tower-sessions: a SessionManagerLayer built (or handed to axum-login's builder, which bundles it).
  const generated = isGenerated(text);
  for (const match of code.matchAll(TOWER_SESSION_LAYER)) {
    push(match.index ?? 0, match[0], 'tower-sessions');
    setups[setups.length - 1].generated = generated;
  }
  // actix-session: a SessionMiddleware built.
  for (const match of code.matchAll(ACTIX_SESSION_MIDDLEWARE)) {
    push(match.index ?? 0, match[0], 'actix-session');
    setups[setups.length - 1].generated = generated;
  }
  return setups.sort((a, b) => a.start - b.start);
}

const TOWER_SESSION_LAYER = /\bSessionManagerLayer\s*::\s*new\s*\(/g;
const ACTIX_SESSION_MIDDLEWARE = /\bSessionMiddleware\s*::\s*(?:new|builder)\s*\(/g;

function namesFromGenerated(project: Project, ast: File, file: string): Set<string> {
  const names = new Set<string>();
  for (const binding of moduleBindings(ast)) {
    if (!isRelative(binding.source)) continue;
    const resolved = resolveSourceFile(project.files, path.posix.join(path.posix.dirname(file), binding.source));
    if (!resolved || !isGenerated(project.files.read(resolved))) continue;
    for (const local of [binding.defaultName, ...binding.named.values()]) if (local) names.add(local);
  }
  return names;
}

const GENERATED_BINDING =
  /\bimport\s+(?:(?:\*\s+as\s+)?(\w+)|\{([^}]*)\})\s+from\s*['"]([^'"]+)['"]|\b(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*=\s*require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * A module session-kit generated, read without the parser (they are the largest files
 * `add` writes, and their shape is ours): the first call of an imported session factory,
 * or the first `register(<plugin>` of an imported Fastify session plugin.
 */
export function sessionSetupsInGenerated(text: string, file: string): SessionSetup[] {
  const code = maskSource(text).code;
  for (const match of code.matchAll(GENERATED_BINDING)) {
    const lib = SESSION_LIBRARIES.find((l) => l.name === (match[3] ?? match[6]));
    if (!lib) continue;
    const single = match[1] ?? match[4];
    const list = (match[2] ?? match[5] ?? '').split(',').map((part) => part.trim().split(/\s+as\s+|\s*:\s*/));
    const names = [
      ...(single ? [single] : []),
      ...list
        .filter(([imported]) => imported === 'default' || lib.factories?.includes(imported))
        .map((parts) => parts[parts.length - 1]),
    ];
    for (const name of names) {
      const use = new RegExp(
        lib.plugin ? String.raw`\.register\s*\(\s*${name}\b` : String.raw`(?<![\w$.])${name}\s*\(`,
      ).exec(code.slice((match.index ?? 0) + match[0].length));
      if (!use) continue;
      const start = (match.index ?? 0) + match[0].length + use.index;
      const { line, column } = lineColumn(text, start);
      return [
        {
          library: lib.name,
          file,
          line,
          column,
          start,
          text: text
            .slice(start, text.indexOf('\n', start) === -1 ? undefined : text.indexOf('\n', start))
            .slice(0, 80),
          generated: true,
        },
      ];
    }
  }
  return [];
}

/** Every session setup in the files the app loads, in load order. */
export async function findSessionSetups(project: Project, setupFile: string | null): Promise<SessionSetup[]> {
  if (project.ecosystem === 'rust') {
    const inserted = insertedByAdd(project);
    return rustCrateFiles(project.files, setupFile).flatMap((file) => {
      const text = project.files.read(file);
      if (text === null || !/pavex_session|SessionManagerLayer|SessionMiddleware/.test(text)) return [];
      const ours = (inserted.get(file) ?? []).filter((t) => text.includes(t));
      // A setup in lines add inserted into the user's file (its manifest says so, and they are still there) is ours.
      return sessionSetupsInRust(text, file).map((setup) =>
        !setup.generated && ours.some((t) => t.includes(setup.text)) ? { ...setup, generated: true } : setup,
      );
    });
  }
  const setups: SessionSetup[] = [];
  for (const file of nodeAppFiles(project, setupFile)) {
    const text = project.files.read(file);
    if (text === null || !MENTIONS_LIBRARY.test(text)) continue;
    if (isGenerated(text)) {
      setups.push(...sessionSetupsInGenerated(text, file));
      continue;
    }
    let ast: File;
    try {
      ast = followAliases(await parseJs(text, file), project.files, file);
    } catch {
      // A file that does not parse is reported by the parse-error path; nothing to count in it.
      continue;
    }
    setups.push(...sessionSetupsInJs(ast, text, file, namesFromGenerated(project, ast, file)));
  }
  return setups;
}

/** What add inserted into each file, by the project's .session-kit.json (none when it is absent or invalid). */
function insertedByAdd(project: Project): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = project.files.read(MANIFEST_FILE);
  const manifest = text === null ? null : parseManifest(text);
  for (const file of manifest?.files ?? []) {
    if (file.action !== 'edited' || !file.insertions) continue;
    out.set(
      file.path,
      file.insertions.map((i) => i.text).filter((t) => t.trim().length > 0),
    );
  }
  return out;
}

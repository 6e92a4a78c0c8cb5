/**
 * Finds a database/Redis client the app already creates and exports (a pg Pool, a
 * mysql2 pool, a node-redis client), so the session store shares it instead of
 * opening a second connection. Read statically; only exported clients qualify.
 */
import path from 'node:path';
import type { Node, Statement } from '@babel/types';
import type { Project } from '../detect/project.js';
import { parseJs } from '../edit/js/parse.js';
import { walk } from '../edit/js/walk.js';
import type { StoreId } from './types.js';

export interface ExistingClient {
  /** Relative path of the module exporting the client. */
  file: string;
  /** Export name, or 'default'. */
  exportName: string;
  /** mysql2: a mysql2/promise pool; the store takes its callback pool (`.pool`). */
  promiseApi?: boolean;
  /** A knex instance (its `client` option): the sqlite connect store takes it whole. */
  knexDriver?: string;
}

export interface ClientPattern {
  /** Quick text test before parsing. */
  text: RegExp;
  /** Is this expression the creation of the client? */
  creates: (node: Node) => boolean;
}

const calleeName = (node: Node): string | null => {
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return null;
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') return callee.property.name;
  return null;
};

const PATTERNS: Partial<Record<StoreId, ClientPattern>> = {
  postgres: {
    text: /['"]pg['"][\s\S]*new\s+(?:\w+\.)?Pool\s*\(/,
    creates: (n) => n.type === 'NewExpression' && calleeName(n) === 'Pool',
  },
  mysql: {
    text: /['"]mysql2(?:\/promise)?['"][\s\S]*createPool\s*\(/,
    creates: (n) => n.type === 'CallExpression' && calleeName(n) === 'createPool',
  },
  redis: {
    text: /['"]redis['"][\s\S]*createClient\s*\(/,
    creates: (n) => n.type === 'CallExpression' && calleeName(n) === 'createClient',
  },
};

const SOURCE = /\.(?:[cm]?js|[cm]?ts)$/;
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  'test',
  'tests',
  '__tests__',
  'migrations',
  'public',
  '.git',
]);

/** The app's own source modules (no tests, builds, migrations or config files), where clients are created. */
export function sourceFiles(project: Project, dir = '', depth = 0, out: string[] = []): string[] {
  if (depth > 3 || out.length > 400) return out;
  for (const name of project.files.list(dir || '.').sort()) {
    if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
    const rel = dir ? `${dir}/${name}` : name;
    if (project.files.isDirectory(rel)) sourceFiles(project, rel, depth + 1, out);
    else if (SOURCE.test(name) && !/\.(?:test|spec|d)\.[cm]?[jt]s$/.test(name) && !/config\.[cm]?[jt]s$/.test(name))
      out.push(rel);
  }
  return out;
}

/** The creation of the client inside `node` (not inside a function body), if any. */
function creationIn(node: Node | null | undefined, pattern: ClientPattern): Node | null {
  if (!node) return null;
  let found: Node | null = null;
  walk(node, (n) => {
    if (found) return 'skip';
    if (n.type.includes('Function')) return 'skip';
    if (pattern.creates(n)) found = n;
  });
  return found;
}

export function isModuleExports(node: Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'exports'
  );
}

export interface ExportedCreation {
  /** Export name, or 'default'. */
  name: string;
  /** The expression creating the client (a `new Pool(...)`, a `knex(...)` call). */
  creation: Node;
}

/** The client created in this file, if it is exported, with its export name. */
export function exportedClient(body: Statement[], pattern: ClientPattern): ExportedCreation | null {
  const clients = new Map<string, Node>();
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) {
        const creation = d.id.type === 'Identifier' ? creationIn(d.init, pattern) : null;
        if (d.id.type === 'Identifier' && creation) {
          if (statement.type === 'ExportNamedDeclaration') return { name: d.id.name, creation };
          clients.set(d.id.name, creation);
        }
      }
    }
  }
  const local = (node: Node): Node | null => (node.type === 'Identifier' ? (clients.get(node.name) ?? null) : null);
  for (const statement of body) {
    if (statement.type === 'ExportDefaultDeclaration') {
      const creation = local(statement.declaration) ?? creationIn(statement.declaration, pattern);
      if (creation) return { name: 'default', creation };
    }
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      for (const spec of statement.specifiers) {
        const creation = spec.type === 'ExportSpecifier' ? local(spec.local) : null;
        if (spec.type === 'ExportSpecifier' && creation)
          return { name: spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value, creation };
      }
    }
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const creation = local(right) ?? creationIn(right, pattern);
      if (isModuleExports(left)) {
        if (creation) return { name: 'default', creation };
        if (right.type === 'ObjectExpression') {
          for (const prop of right.properties) {
            const value = prop.type === 'ObjectProperty' ? local(prop.value) : null;
            if (prop.type === 'ObjectProperty' && prop.key.type === 'Identifier' && value)
              return { name: prop.key.name, creation: value };
          }
        }
      }
      if (
        left.type === 'MemberExpression' &&
        left.property.type === 'Identifier' &&
        creation &&
        ((left.object.type === 'Identifier' && left.object.name === 'exports') || isModuleExports(left.object))
      ) {
        return { name: left.property.name, creation };
      }
    }
  }
  return null;
}

export async function findExistingClient(
  project: Project,
  store: StoreId,
  exclude: string[] = [],
): Promise<ExistingClient | null> {
  const pattern = PATTERNS[store];
  if (!pattern) return null;
  for (const file of sourceFiles(project)) {
    if (exclude.includes(file)) continue;
    const text = project.files.read(file);
    if (!text || !pattern.text.test(text) || text.slice(0, 300).includes('written by session-kit')) continue;
    let ast;
    try {
      ast = await parseJs(text, file);
    } catch {
      continue;
    }
    const exportName = exportedClient(ast.program.body, pattern)?.name;
    if (!exportName) continue;
    const promiseApi = store === 'mysql' && /['"]mysql2\/promise['"]/.test(text);
    return { file, exportName, ...(store === 'mysql' ? { promiseApi } : {}) };
  }
  return null;
}

const IMPORT_EXT: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs' };

/** Specifier to import `file` from a module at `fromModule` (both relative to the root). */
export function relativeSpecifier(fromModule: string, file: string): string {
  const ext = path.posix.extname(file);
  let rel = path.posix.relative(
    path.posix.dirname(fromModule),
    file.slice(0, file.length - ext.length) + (IMPORT_EXT[ext] ?? ext),
  );
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

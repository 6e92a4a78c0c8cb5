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
}

interface ClientPattern {
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
  postgres: { text: /['"]pg['"][\s\S]*new\s+(?:\w+\.)?Pool\s*\(/, creates: (n) => n.type === 'NewExpression' && calleeName(n) === 'Pool' },
  mysql: { text: /['"]mysql2(?:\/promise)?['"][\s\S]*createPool\s*\(/, creates: (n) => n.type === 'CallExpression' && calleeName(n) === 'createPool' },
  redis: { text: /['"]redis['"][\s\S]*createClient\s*\(/, creates: (n) => n.type === 'CallExpression' && calleeName(n) === 'createClient' },
};

const SOURCE = /\.(?:[cm]?js|[cm]?ts)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'test', 'tests', '__tests__', 'migrations', 'public', '.git']);

function sourceFiles(project: Project, dir = '', depth = 0, out: string[] = []): string[] {
  if (depth > 3 || out.length > 400) return out;
  for (const name of project.files.list(dir || '.').sort()) {
    if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
    const rel = dir ? `${dir}/${name}` : name;
    if (project.files.isDirectory(rel)) sourceFiles(project, rel, depth + 1, out);
    else if (SOURCE.test(name) && !/\.(?:test|spec|d)\.[cm]?[jt]s$/.test(name) && !/config\.[cm]?[jt]s$/.test(name)) out.push(rel);
  }
  return out;
}

function containsCreation(node: Node | null | undefined, pattern: ClientPattern): boolean {
  if (!node) return false;
  let found = false;
  walk(node, (n) => {
    if (found) return 'skip';
    if (n.type.includes('Function')) return 'skip';
    if (pattern.creates(n)) found = true;
  });
  return found;
}

function isModuleExports(node: Node): boolean {
  return node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' && node.property.type === 'Identifier' && node.property.name === 'exports';
}

/** Export name of the client created in this file, if it is exported. */
function exportedClient(body: Statement[], pattern: ClientPattern): string | null {
  const clients = new Set<string>();
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) {
        if (d.id.type === 'Identifier' && containsCreation(d.init, pattern)) {
          if (statement.type === 'ExportNamedDeclaration') return d.id.name;
          clients.add(d.id.name);
        }
      }
    }
  }
  for (const statement of body) {
    if (statement.type === 'ExportDefaultDeclaration') {
      const decl = statement.declaration;
      if ((decl.type === 'Identifier' && clients.has(decl.name)) || containsCreation(decl, pattern)) return 'default';
    }
    if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
      for (const spec of statement.specifiers) {
        if (spec.type === 'ExportSpecifier' && clients.has(spec.local.name)) return spec.exported.type === 'Identifier' ? spec.exported.name : spec.exported.value;
      }
    }
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const isClient = (right.type === 'Identifier' && clients.has(right.name)) || containsCreation(right, pattern);
      if (isModuleExports(left)) {
        if (isClient) return 'default';
        if (right.type === 'ObjectExpression') {
          for (const prop of right.properties) {
            if (prop.type === 'ObjectProperty' && prop.key.type === 'Identifier' && prop.value.type === 'Identifier' && clients.has(prop.value.name)) return prop.key.name;
          }
        }
      }
      if (left.type === 'MemberExpression' && left.property.type === 'Identifier' && isClient && ((left.object.type === 'Identifier' && left.object.name === 'exports') || isModuleExports(left.object))) {
        return left.property.name;
      }
    }
  }
  return null;
}

export async function findExistingClient(project: Project, store: StoreId, exclude: string[] = []): Promise<ExistingClient | null> {
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
    const exportName = exportedClient(ast.program.body, pattern);
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
  let rel = path.posix.relative(path.posix.dirname(fromModule), file.slice(0, file.length - ext.length) + (IMPORT_EXT[ext] ?? ext));
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

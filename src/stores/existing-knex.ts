/**
 * Finds a knex instance the app already creates and exports, and reads its `client`
 * (the driver: 'better-sqlite3', 'pg', ...) statically: from the options literal, or
 * from the knexfile those options come from when that file is a plain object. A client
 * that only shows at run time (an env var, a computed knexfile) is reported as unknown.
 */
import path from 'node:path';
import type { Node, Statement } from '@babel/types';
import type { Project } from '../detect/project.js';
import { parseJs } from '../edit/js/parse.js';
import { exportedClient, isModuleExports, sourceFiles, type ClientPattern } from './existing-client.js';
import type { Dialect } from './types.js';

export interface ExistingKnex {
  /** Relative path of the module exporting the instance. */
  file: string;
  /** Export name, or 'default'. */
  exportName: string;
  /** knex's `client` option as written, or null when it cannot be read statically. */
  driver: string | null;
  /** The knexfile the options come from, when they do. */
  configFile: string | null;
}

/** knex client names and the SQL dialect each speaks. */
const KNEX_DIALECTS: Record<string, Dialect> = {
  'better-sqlite3': 'sqlite',
  sqlite3: 'sqlite',
  pg: 'postgres',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mysql2: 'mysql',
};

export function knexDialect(knex: ExistingKnex): Dialect | null {
  return knex.driver ? (KNEX_DIALECTS[knex.driver] ?? null) : null;
}

const isRequireOf = (node: Node | null | undefined, test: (source: string) => boolean): boolean =>
  node?.type === 'CallExpression' &&
  node.callee.type === 'Identifier' &&
  node.callee.name === 'require' &&
  node.arguments[0]?.type === 'StringLiteral' &&
  test(node.arguments[0].value);

const isKnexPackage = (source: string) => source === 'knex';
const isRelative = (source: string) => source.startsWith('.');

/** TS wrappers (`as`, `satisfies`, `!`) around an expression. */
function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'ParenthesizedExpression'
  )
    current = current.expression;
  return current;
}

/** Local names bound to the knex factory: `import knex from 'knex'`, `import { knex }`, `const knex = require('knex')`. */
function knexBindings(body: Statement[]): Set<string> {
  const names = new Set<string>();
  for (const statement of body) {
    if (
      statement.type === 'ImportDeclaration' &&
      statement.source.value === 'knex' &&
      statement.importKind !== 'type'
    ) {
      for (const spec of statement.specifiers) {
        if (spec.type === 'ImportDefaultSpecifier') names.add(spec.local.name);
        if (
          spec.type === 'ImportSpecifier' &&
          spec.importKind !== 'type' &&
          (spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value) === 'knex'
        )
          names.add(spec.local.name);
      }
    }
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) {
        const init = d.init ? unwrap(d.init) : null;
        if (
          d.id.type === 'Identifier' &&
          (isRequireOf(init, isKnexPackage) ||
            (init?.type === 'MemberExpression' &&
              isRequireOf(init.object, isKnexPackage) &&
              init.property.type === 'Identifier' &&
              ['knex', 'default'].includes(init.property.name)))
        )
          names.add(d.id.name);
        if (d.id.type === 'ObjectPattern' && isRequireOf(init, isKnexPackage)) {
          for (const prop of d.id.properties) {
            if (
              prop.type === 'ObjectProperty' &&
              prop.key.type === 'Identifier' &&
              prop.key.name === 'knex' &&
              prop.value.type === 'Identifier'
            )
              names.add(prop.value.name);
          }
        }
      }
    }
  }
  return names;
}

function knexPattern(bindings: Set<string>): ClientPattern {
  return {
    text: /['"]knex['"]/,
    creates: (n) =>
      n.type === 'CallExpression' &&
      ((n.callee.type === 'Identifier' && bindings.has(n.callee.name)) || isRequireOf(n.callee, isKnexPackage)),
  };
}

/** The top-level initialiser of `name` in a module. */
function topLevelValue(body: Statement[], name: string): Node | null {
  for (const statement of body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration.declarations)
      if (d.id.type === 'Identifier' && d.id.name === name && d.init) return unwrap(d.init);
  }
  return null;
}

function propertyValue(object: Node, key: string): Node | null {
  if (object.type !== 'ObjectExpression') return null;
  for (const prop of object.properties) {
    if (prop.type !== 'ObjectProperty' || prop.computed) continue;
    const name =
      prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'StringLiteral' ? prop.key.value : null;
    if (name === key) return unwrap(prop.value);
  }
  return null;
}

/** What a knex options object says its client is: a name, 'unknown', or null when it has no client key (not an options object). */
function clientOf(options: Node, body: Statement[]): string | 'unknown' | null {
  const resolved = options.type === 'Identifier' ? topLevelValue(body, options.name) : options;
  if (resolved?.type !== 'ObjectExpression') return 'unknown';
  const client = propertyValue(resolved, 'client') ?? propertyValue(resolved, 'dialect');
  if (!client) return null;
  return client.type === 'StringLiteral'
    ? client.value
    : client.type === 'TemplateLiteral' && client.expressions.length === 0
      ? (client.quasis[0].value.cooked ?? 'unknown')
      : 'unknown';
}

/** The value a module exports under `name` ('default' for `export default` / `module.exports =`). */
function exportedValue(body: Statement[], name: string): Node | null {
  for (const statement of body) {
    if (name === 'default' && statement.type === 'ExportDefaultDeclaration') return unwrap(statement.declaration);
    if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      isModuleExports(statement.expression.left) &&
      name === 'default'
    )
      return unwrap(statement.expression.right);
    if (
      name !== 'default' &&
      statement.type === 'ExportNamedDeclaration' &&
      statement.declaration?.type === 'VariableDeclaration'
    ) {
      for (const d of statement.declaration.declarations)
        if (d.id.type === 'Identifier' && d.id.name === name && d.init) return unwrap(d.init);
    }
  }
  return null;
}

/**
 * The client a knexfile gives: its own when it is one options object; for a map of
 * environments, the one `key` selects, or (key unknown) the one every environment shares.
 */
function knexfileClient(body: Statement[], exportName: string, key: string | null | undefined): string | null {
  let config = exportedValue(body, exportName);
  if (config?.type === 'Identifier') config = topLevelValue(body, config.name);
  if (config?.type !== 'ObjectExpression') return null;
  const own = clientOf(config, body);
  if (own !== null) return own === 'unknown' ? null : own;
  if (key) {
    const env = propertyValue(config, key);
    const client = env ? clientOf(env, body) : null;
    return client === 'unknown' ? null : client;
  }
  const clients = new Set<string | null>();
  for (const prop of config.properties)
    clients.add(prop.type === 'ObjectProperty' ? clientOf(unwrap(prop.value), body) : 'unknown');
  const [only] = clients;
  return clients.size === 1 && only && only !== 'unknown' ? only : null;
}

interface ConfigSource {
  /** Import specifier of the knexfile. */
  source: string;
  /** Its export the options come from. */
  exportName: string;
  /** The environment key selected from it: a name, null when computed, undefined when the whole export is used. */
  key: string | null | undefined;
}

/** Where the options passed to knex(...) come from, when from another module of the app. */
function configSource(argument: Node, body: Statement[]): ConfigSource | null {
  let node = unwrap(argument);
  let key: string | null | undefined;
  if (node.type === 'MemberExpression') {
    key =
      !node.computed && node.property.type === 'Identifier'
        ? node.property.name
        : node.property.type === 'StringLiteral'
          ? node.property.value
          : null;
    node = unwrap(node.object);
  }
  if (isRequireOf(node, isRelative) && node.type === 'CallExpression' && node.arguments[0].type === 'StringLiteral')
    return { source: node.arguments[0].value, exportName: 'default', key };
  if (node.type !== 'Identifier') return null;
  const name = node.name;
  for (const statement of body) {
    if (statement.type === 'ImportDeclaration' && isRelative(statement.source.value)) {
      for (const spec of statement.specifiers) {
        if (spec.local.name !== name) continue;
        if (spec.type === 'ImportDefaultSpecifier')
          return { source: statement.source.value, exportName: 'default', key };
        if (spec.type === 'ImportSpecifier')
          return {
            source: statement.source.value,
            exportName: spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value,
            key,
          };
      }
    }
  }
  const init = topLevelValue(body, name);
  if (
    init &&
    isRequireOf(init, isRelative) &&
    init.type === 'CallExpression' &&
    init.arguments[0].type === 'StringLiteral'
  )
    return { source: init.arguments[0].value, exportName: 'default', key };
  if (init?.type === 'MemberExpression' && key === undefined) return configSource(init, body);
  return null;
}

const SOURCE_EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'];

/** The project file an import specifier names (`./knexfile`, `./knexfile.js` for knexfile.ts). */
function resolveModule(project: Project, fromFile: string, specifier: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const stems = [base, base.replace(/\.(c|m)?js$/, '')];
  for (const stem of stems)
    for (const ext of SOURCE_EXTENSIONS)
      if (project.files.exists(stem + ext) && !project.files.isDirectory(stem + ext)) return stem + ext;
  return null;
}

async function driverOf(
  project: Project,
  file: string,
  body: Statement[],
  creation: Node,
): Promise<{ driver: string | null; configFile: string | null }> {
  const argument = creation.type === 'CallExpression' ? creation.arguments[0] : undefined;
  if (!argument || argument.type === 'SpreadElement' || argument.type === 'ArgumentPlaceholder')
    return { driver: null, configFile: null };
  const own = clientOf(unwrap(argument), body);
  if (own !== null && own !== 'unknown') return { driver: own, configFile: null };
  const source = configSource(argument, body);
  const configFile = source ? resolveModule(project, file, source.source) : null;
  if (!source || !configFile) return { driver: null, configFile: null };
  const text = project.files.read(configFile);
  if (!text) return { driver: null, configFile };
  try {
    const ast = await parseJs(text, configFile);
    return { driver: knexfileClient(ast.program.body, source.exportName, source.key), configFile };
  } catch {
    return { driver: null, configFile };
  }
}

/** The first exported knex instance in the app's sources (not in `exclude`, not in session-kit's own files). */
export async function findExistingKnex(project: Project, exclude: string[] = []): Promise<ExistingKnex | null> {
  for (const file of sourceFiles(project)) {
    if (exclude.includes(file)) continue;
    const text = project.files.read(file);
    if (!text || !/['"]knex['"]/.test(text) || text.slice(0, 300).includes('written by session-kit')) continue;
    let ast;
    try {
      ast = await parseJs(text, file);
    } catch {
      continue;
    }
    const body = ast.program.body;
    const found = exportedClient(body, knexPattern(knexBindings(body)));
    if (!found) continue;
    return { file, exportName: found.name, ...(await driverOf(project, file, body, found.creation)) };
  }
  return null;
}

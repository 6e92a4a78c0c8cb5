/**
 * Module bindings of a file (imports and top-level requires) and where a new
 * import line goes: after the last one, in the file's own syntax.
 */
import type { File, Node, Statement } from '@babel/types';

export interface ModuleBinding {
  source: string;
  /** Local name of the default export (or namespace / whole require). */
  defaultName: string | null;
  /** Named imports: imported name → local name. */
  named: Map<string, string>;
  kind: 'import' | 'require';
  statement: Statement;
  /** The specifier as written, when `source` is the relative form of an alias. */
  written?: string;
}

function requireSource(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'AwaitExpression') return requireSource(node.argument);
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
    const arg = node.arguments[0];
    return arg?.type === 'StringLiteral' ? arg.value : null;
  }
  if (node.type === 'MemberExpression') return requireSource(node.object);
  return null;
}

/** Per parsed file: how its aliased specifiers (tsconfig `paths`, package.json `imports`) read as relative ones. */
const aliasesOf = new WeakMap<File, (source: string) => string | null>();

/**
 * Lets moduleBindings read `import x from '@/routes/x'` as the relative import of the
 * project file the alias names, so everything that follows an app's own modules follows
 * it too. The file's text is never changed: `written` keeps what the file says.
 */
export function readAliasesAsRelative(ast: File, relativeOf: (source: string) => string | null): void {
  aliasesOf.set(ast, relativeOf);
}

export function moduleBindings(ast: File): ModuleBinding[] {
  const bindings = ownModuleBindings(ast);
  const relativeOf = aliasesOf.get(ast);
  if (!relativeOf) return bindings;
  return bindings.map((b) => {
    const relative = isRelative(b.source) ? null : relativeOf(b.source);
    return relative ? { ...b, source: relative, written: b.source } : b;
  });
}

function ownModuleBindings(ast: File): ModuleBinding[] {
  const bindings: ModuleBinding[] = [];
  for (const statement of ast.program.body) {
    if (statement.type === 'ImportDeclaration') {
      const binding: ModuleBinding = {
        source: statement.source.value,
        defaultName: null,
        named: new Map(),
        kind: 'import',
        statement,
      };
      for (const spec of statement.specifiers) {
        if (spec.type === 'ImportDefaultSpecifier' || spec.type === 'ImportNamespaceSpecifier')
          binding.defaultName = spec.local.name;
        else
          binding.named.set(
            spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value,
            spec.local.name,
          );
      }
      bindings.push(binding);
    } else if (
      statement.type === 'TSImportEqualsDeclaration' &&
      statement.moduleReference.type === 'TSExternalModuleReference'
    ) {
      bindings.push({
        source: statement.moduleReference.expression.value,
        defaultName: statement.id.name,
        named: new Map(),
        kind: 'require',
        statement,
      });
    } else if (statement.type === 'VariableDeclaration') {
      for (const decl of statement.declarations) {
        const source = requireSource(decl.init);
        if (source === null) continue;
        const binding: ModuleBinding = { source, defaultName: null, named: new Map(), kind: 'require', statement };
        if (decl.id.type === 'Identifier') {
          const init = decl.init;
          // `require('x').default` and `require('x')` both bind the default export.
          if (
            init?.type === 'MemberExpression' &&
            init.property.type === 'Identifier' &&
            init.property.name !== 'default'
          ) {
            binding.named.set(init.property.name, decl.id.name);
          } else binding.defaultName = decl.id.name;
        } else if (decl.id.type === 'ObjectPattern') {
          for (const prop of decl.id.properties) {
            if (prop.type === 'ObjectProperty' && prop.key.type === 'Identifier' && prop.value.type === 'Identifier') {
              binding.named.set(prop.key.name, prop.value.name);
            }
          }
        }
        bindings.push(binding);
      }
    }
  }
  return bindings;
}

/** Every local name a binding introduces (its default and named imports). */
export function bindingLocals(b: ModuleBinding): string[] {
  return [b.defaultName, ...b.named.values()].filter((n): n is string => Boolean(n));
}

/** Reads the module a relative import points at, or null when it cannot be found. */
export type ModuleReader = (source: string) => string | null;

export function bindingFor(
  bindings: ModuleBinding[],
  source: string | ((s: string) => boolean),
): ModuleBinding | undefined {
  return bindings.find((b) => (typeof source === 'string' ? b.source === source : source(b.source)));
}

/** The file's module syntax as written (a TS file compiled to CJS still writes `import`). */
export function moduleSyntax(ast: File, fallback: 'esm' | 'cjs'): 'esm' | 'cjs' {
  const bindings = moduleBindings(ast);
  if (bindings.some((b) => b.kind === 'import')) return 'esm';
  if (bindings.some((b) => b.kind === 'require')) return 'cjs';
  if (ast.program.body.some((s) => s.type.startsWith('Export'))) return 'esm';
  return fallback;
}

/**
 * Offset after which new import lines go: the end of the last top-level import or
 * require statement; else after directives ('use strict') and an interpreter line; else 0.
 */
export function importInsertionOffset(ast: File): { offset: number; afterStatement: boolean } {
  const bindings = moduleBindings(ast);
  const last = bindings.map((b) => b.statement).sort((a, b) => (b.end ?? 0) - (a.end ?? 0))[0];
  if (last) return { offset: last.end ?? 0, afterStatement: true };
  const directives = ast.program.directives;
  if (directives.length) return { offset: directives[directives.length - 1].end ?? 0, afterStatement: true };
  if (ast.program.interpreter) return { offset: ast.program.interpreter.end ?? 0, afterStatement: true };
  return { offset: 0, afterStatement: false };
}

/** One import line, written with single quotes and a semicolon; restyle() adapts it. */
export function importLine(
  syntax: 'esm' | 'cjs',
  source: string,
  spec: { default?: string; named?: string[] },
): string {
  if (syntax === 'esm') {
    const parts = [spec.default, spec.named?.length ? `{ ${spec.named.join(', ')} }` : null].filter(Boolean).join(', ');
    return `import ${parts} from '${source}';`;
  }
  // `a as b` in an import is `a: b` in a destructuring require.
  if (spec.named?.length)
    return `const { ${spec.named.map((n) => n.replace(' as ', ': ')).join(', ')} } = require('${source}');`;
  return `const ${spec.default} = require('${source}');`;
}

export function isRelative(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/**
 * Call chains on an app object, as every Node recogniser reads them:
 * `app.use(a)`, `app.use(a).use(b)`, `await app.register(...)`.
 */
import type { CallExpression, Node, Statement } from '@babel/types';

export interface ChainCall {
  method: string;
  call: CallExpression;
  /** Offset just before the property name: the `.` unless comments or line breaks sit between. */
  dot: number;
}

/** The calls of a statement chained on `objectName`, first call first; null when it is not such a chain. */
export function chainCalls(statement: Statement, objectName: string): ChainCall[] | null {
  if (statement.type !== 'ExpressionStatement') return null;
  let expr: Node = statement.expression;
  // `await app.register(...)`, and `void fastify.register(...)` (fastify-cli's starters, for no-floating-promises).
  if (expr.type === 'AwaitExpression' || (expr.type === 'UnaryExpression' && expr.operator === 'void'))
    expr = expr.argument;
  const calls: ChainCall[] = [];
  while (
    expr.type === 'CallExpression' &&
    expr.callee.type === 'MemberExpression' &&
    expr.callee.property.type === 'Identifier'
  ) {
    calls.unshift({ method: expr.callee.property.name, call: expr, dot: (expr.callee.property.start ?? 1) - 1 });
    expr = expr.callee.object;
  }
  return isObjectNamed(expr, objectName) ? calls : null;
}

/** `app` for "app", `this.app` for "this.app", `this.#app` for "this.#app" (an app kept on a class instance). */
export function isObjectNamed(expr: Node, objectName: string): boolean {
  if (!objectName.startsWith('this.')) return expr.type === 'Identifier' && expr.name === objectName;
  if (expr.type !== 'MemberExpression' || expr.computed || expr.object.type !== 'ThisExpression') return false;
  const field = objectName.slice(5);
  // `this.#app`: an ES private field.
  if (expr.property.type === 'PrivateName') return `#${expr.property.id.name}` === field;
  return expr.property.type === 'Identifier' && expr.property.name === field;
}

/** Calls in a statement like `app.use(a)` or `app.use(a).use(b)` or `await app.register(...)`; none for anything else. */
export function memberCalls(statement: Statement, objectName: string): ChainCall[] {
  return chainCalls(statement, objectName) ?? [];
}

/** The identifier an expression starts from: `session` in `session(opts)`, `router` in `router.routes()`. */
export function headName(node: Node): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'CallExpression') return headName(node.callee);
  if (node.type === 'MemberExpression') return headName(node.object);
  if (node.type === 'AwaitExpression') return headName(node.argument);
  return null;
}

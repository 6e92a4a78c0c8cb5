/**
 * Where an app is created (`const app = express()`, `new Koa()`, `new Hono()`...):
 * the creating statement and the block that holds it, at top level or inside a
 * factory function. Recognisers then read the statements that follow it.
 */
import type { AssignmentExpression, ClassPrivateProperty, ClassProperty, File, Node, Statement } from '@babel/types';
import { lineColumn } from '../lines.js';
import type { SessionStep } from '../../core/session-steps.js';
import { walk } from './walk.js';

export interface AppBlock {
  appName: string;
  /** Statements of the block holding the creation. */
  block: Statement[];
  /** The statement that creates the app. */
  creation: Statement;
  /**
   * For statements of the block written elsewhere than they run (a method body inlined
   * where `this.m()` is called, the creating method's body where its caller calls it):
   * the offset of the statement that runs them. Ordering reads it as `SessionStep.loadedAt`.
   */
  runsAt?: Map<Statement, number>;
}

/**
 * The first `const <name> = <creation>` whose initialiser `isCreation` accepts, or
 * `this.<name> = <creation>` in a class method: then the block is the statements run
 * from there in order, the bodies of `this.method()` calls made after the creation
 * inlined (`constructor() { this.app = express(); this.middlewares(); this.routes(); }`).
 */
export function findAppCreation(ast: File, isCreation: (init: Node | null | undefined) => boolean): AppBlock | null {
  let found: AppBlock | null = null;
  walk(ast.program, (node, ancestors) => {
    if (found) return 'skip';
    let appName: string;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isCreation(exportedValue(node.init)))
      appName = node.id.name;
    else if (
      node.type === 'ExpressionStatement' &&
      isThisAssignment(node.expression) &&
      isCreation(exportedValue(node.expression.right))
    )
      appName = `this.${(node.expression.left as { property: { name: string } }).property.name}`;
    else if (isFieldCreation(node, isCreation)) {
      found = fieldAppBlock(node, ancestors);
      return 'skip';
    } else return;
    // The statement holding the declaration and the block holding the statement.
    const chain = node.type === 'ExpressionStatement' ? [...ancestors, node] : ancestors;
    for (let i = chain.length - 1; i >= 1; i--) {
      const parent = chain[i - 1];
      const body = parent.type === 'Program' || parent.type === 'BlockStatement' ? parent.body : null;
      if (body?.includes(chain[i] as Statement)) {
        const creation = chain[i] as Statement;
        const classBody = appName.startsWith('this.')
          ? [...chain].reverse().find((a) => a.type === 'ClassBody')
          : undefined;
        const members = classBody?.type === 'ClassBody' ? classBody.body : null;
        const caller = members ? callerContinuation(members, chain) : null;
        const runsAt = new Map<Statement, number>();
        for (const statement of caller ? body : []) runsAt.set(statement, caller?.call.start ?? 0);
        found = {
          appName,
          block: members ? withMethodBodies([...body, ...(caller?.rest ?? [])], creation, members, runsAt) : body,
          creation,
          ...(members ? { runsAt } : {}),
        };
        return 'skip';
      }
    }
  });
  return found;
}

/**
 * The app made in a method another method calls (`async bootstrap() { await this.createApp();
 * this.setupPlugins(); await this.app.listen(3000) }`): what the caller runs after that call
 * runs after the creation, so it continues the block.
 */
function callerContinuation(members: Node[], chain: readonly Node[]): { call: Statement; rest: Statement[] } | null {
  const method = [...chain].reverse().find((a) => a.type === 'ClassMethod' || a.type === 'ClassPrivateMethod');
  if (method?.kind !== 'method') return null;
  const name = method.key.type === 'PrivateName' ? `#${method.key.id.name}` : (method.key as { name?: string }).name;
  for (const member of members) {
    if (member === method || (member.type !== 'ClassMethod' && member.type !== 'ClassPrivateMethod')) continue;
    const at = member.body.body.findIndex((statement) => calledMethod(statement) === name);
    if (at !== -1) return { call: member.body.body[at], rest: member.body.body.slice(at + 1) };
  }
  return null;
}

/** A class field that creates the app: `private app = express()`, `app = new Koa()`. */
function isFieldCreation(
  node: Node,
  isCreation: (init: Node | null | undefined) => boolean,
): node is ClassProperty | ClassPrivateProperty {
  if (node.type === 'ClassProperty')
    return !node.static && !node.computed && node.key.type === 'Identifier' && isCreation(exportedValue(node.value));
  return node.type === 'ClassPrivateProperty' && !node.static && isCreation(exportedValue(node.value));
}

/**
 * A field initialiser runs when the instance is built, before the constructor's body
 * (after `super()` in a subclass): the block is the field, then the constructor's
 * statements with the methods they call inlined, as for `this.app = express()`.
 */
function fieldAppBlock(field: ClassProperty | ClassPrivateProperty, ancestors: readonly Node[]): AppBlock {
  const name = field.key.type === 'PrivateName' ? `#${field.key.id.name}` : (field.key as { name: string }).name;
  const classBody = ancestors[ancestors.length - 1];
  const members = classBody?.type === 'ClassBody' ? classBody.body : [];
  const constructor = members.find((m) => m.type === 'ClassMethod' && m.kind === 'constructor');
  const body = constructor?.type === 'ClassMethod' ? constructor.body.body : [];
  const afterSuper = body.findIndex(isSuperCall) + 1;
  // The field is not a statement; it stands first in the block as the app's creation.
  const creation = field as unknown as Statement;
  const block = [creation, ...body.slice(afterSuper)];
  const runsAt = new Map<Statement, number>();
  return { appName: `this.${name}`, block: withMethodBodies(block, creation, members, runsAt), creation, runsAt };
}

function isSuperCall(statement: Statement): boolean {
  return (
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'CallExpression' &&
    statement.expression.callee.type === 'Super'
  );
}

function isThisAssignment(expr: Node): expr is AssignmentExpression {
  return (
    expr.type === 'AssignmentExpression' &&
    expr.operator === '=' &&
    expr.left.type === 'MemberExpression' &&
    !expr.left.computed &&
    expr.left.object.type === 'ThisExpression' &&
    expr.left.property.type === 'Identifier'
  );
}

/**
 * The block up to the creation, then what runs after it: `this.m()` calls replaced by m's
 * statements (two levels deep), each inlined statement recorded in `runsAt` at the call's offset.
 */
function withMethodBodies(
  block: Statement[],
  creation: Statement,
  members: Node[],
  runsAt: Map<Statement, number>,
): Statement[] {
  const methods = new Map<string, Statement[]>();
  for (const member of members) {
    if (member.type === 'ClassMethod' && member.key.type === 'Identifier' && member.kind === 'method')
      methods.set(member.key.name, member.body.body);
    if (member.type === 'ClassPrivateMethod' && member.kind === 'method')
      methods.set(`#${member.key.id.name}`, member.body.body);
  }
  const expand = (statements: Statement[], level: number, origin?: number): Statement[] =>
    statements.flatMap((statement) => {
      const called = level < 2 ? calledMethod(statement) : null;
      const body = called ? methods.get(called) : undefined;
      const at = origin ?? runsAt.get(statement) ?? statement.start ?? 0;
      if (!body) {
        if (origin !== undefined) runsAt.set(statement, origin);
        return [statement];
      }
      return expand(body, level + 1, at);
    });
  const at = block.indexOf(creation);
  return [...block.slice(0, at + 1), ...expand(block.slice(at + 1), 0)];
}

/** `this.m()` / `await this.m()` / `this.#m()` as a statement: the method's name. */
function calledMethod(statement: Statement): string | null {
  if (statement.type !== 'ExpressionStatement') return null;
  let expr: Node = statement.expression;
  if (expr.type === 'AwaitExpression') expr = expr.argument;
  if (
    expr.type !== 'CallExpression' ||
    expr.callee.type !== 'MemberExpression' ||
    expr.callee.object.type !== 'ThisExpression'
  )
    return null;
  const prop = expr.callee.property;
  if (prop.type === 'Identifier' && !expr.callee.computed) return prop.name;
  if (prop.type === 'PrivateName') return `#${prop.id.name}`;
  return null;
}

/** `module.exports = new Koa()` in `const app = module.exports = new Koa()`: the value assigned last. */
function exportedValue(init: Node | null | undefined): Node | null | undefined {
  let value = init;
  while (value?.type === 'AssignmentExpression' && value.operator === '=') value = value.right;
  return value;
}

/** A statement that runs after the app's creation, and the top-level `if` it sits in when it runs only on some paths. */
export interface StatementRun {
  statement: Statement;
  branch?: SessionStep['branch'];
}

/**
 * The statements after the creation in the order they can run: the bodies of `if`/`else`,
 * plain blocks and `try` are read too (an `app.use(...)` inside them is a step like any
 * other), and those under an `if`/`else` carry that top-level statement as their branch.
 */
export function statementsAfterCreation(text: string, app: AppBlock): StatementRun[] {
  const out: StatementRun[] = [];
  const visit = (statement: Statement, branch: SessionStep['branch'], depth: number): void => {
    if (depth > 8) return void out.push({ statement, branch });
    if (statement.type === 'BlockStatement') {
      for (const inner of statement.body) visit(inner, branch, depth + 1);
    } else if (statement.type === 'TryStatement') {
      for (const inner of statement.block.body) visit(inner, branch, depth + 1);
    } else if (statement.type === 'IfStatement') {
      const here = branch ?? {
        start: statement.start ?? 0,
        end: statement.end ?? 0,
        line: lineColumn(text, statement.start ?? 0).line,
      };
      visit(statement.consequent, here, depth + 1);
      if (statement.alternate) visit(statement.alternate, here, depth + 1);
    } else out.push(branch ? { statement, branch } : { statement });
  };
  for (const statement of app.block.slice(app.block.indexOf(app.creation) + 1)) visit(statement, undefined, 0);
  return out;
}

/** A session step for a whole statement, with file:line and a short excerpt. */
export function statementStep(text: string, file: string, kind: string, statement: Statement): SessionStep {
  const start = statement.start ?? 0;
  const end = statement.end ?? start;
  const { line, column } = lineColumn(text, start);
  return { kind, file, line, column, start, end, text: text.slice(start, Math.min(end, start + 80)) };
}

/** A step of a call chained inside its statement: ordered, and reported, at that call. */
export function chainStep(step: SessionStep, text: string, at: number | null): SessionStep {
  if (at === null) return step;
  const { line, column } = lineColumn(text, at);
  return { ...step, line, column, callStart: at };
}

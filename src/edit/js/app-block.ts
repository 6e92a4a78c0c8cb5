/**
 * Where an app is created (`const app = express()`, `new Koa()`, `new Hono()`...):
 * the creating statement and the block that holds it, at top level or inside a
 * factory function. Recognisers then read the statements that follow it.
 */
import type { File, Node, Statement } from '@babel/types';
import { lineColumn } from '../lines.js';
import type { SessionStep } from '../../core/session-steps.js';
import { walk } from './walk.js';

export interface AppBlock {
  appName: string;
  /** Statements of the block holding the creation. */
  block: Statement[];
  /** The statement that creates the app. */
  creation: Statement;
}

/** The first `const <name> = <creation>` whose initialiser `isCreation` accepts. */
export function findAppCreation(ast: File, isCreation: (init: Node | null | undefined) => boolean): AppBlock | null {
  let found: AppBlock | null = null;
  walk(ast.program, (node, ancestors) => {
    if (found) return 'skip';
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || !isCreation(exportedValue(node.init))) return;
    const appName = node.id.name;
    // The statement holding the declaration and the block holding the statement.
    for (let i = ancestors.length - 1; i >= 1; i--) {
      const parent = ancestors[i - 1];
      const body = parent.type === 'Program' || parent.type === 'BlockStatement' ? parent.body : null;
      if (body && body.includes(ancestors[i] as Statement)) {
        found = { appName, block: body, creation: ancestors[i] as Statement };
        return 'skip';
      }
    }
  });
  return found;
}

/** `module.exports = new Koa()` in `const app = module.exports = new Koa()`: the value assigned last. */
function exportedValue(init: Node | null | undefined): Node | null | undefined {
  let value = init;
  while (value?.type === 'AssignmentExpression' && value.operator === '=') value = value.right;
  return value;
}

/** A session step for a whole statement, with file:line and a short excerpt. */
export function statementStep(text: string, file: string, kind: string, statement: Statement): SessionStep {
  const start = statement.start ?? 0;
  const end = statement.end ?? start;
  const { line, column } = lineColumn(text, start);
  return { kind, file, line, column, start, end, text: text.slice(start, Math.min(end, start + 80)) };
}

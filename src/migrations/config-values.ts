/**
 * Reads literal values out of a tool's JS/TS config (drizzle.config, knexfile, kysely.config)
 * WITHOUT executing it: configs often read env vars, import aliases or need a database.
 */
import type { File, Node } from '@babel/types';
import { parseJs } from '../edit/js/parse.js';
import { walk } from '../edit/js/walk.js';

function keyName(node: Node): string | null {
  if (node.type !== 'ObjectProperty') return null;
  if (node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'StringLiteral') return node.key.value;
  return null;
}

function literal(node: Node): string | null {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  if (node.type === 'ArrayExpression') {
    const first = node.elements[0];
    return first ? literal(first) : null;
  }
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression') return literal(node.expression);
  return null;
}

/** Config values by key path, e.g. ['migrations', 'directory'] inside any object literal. */
export class ConfigValues {
  private constructor(private readonly ast: File | null) {}

  static async read(text: string | null, file: string): Promise<ConfigValues> {
    if (text === null) return new ConfigValues(null);
    try {
      return new ConfigValues(await parseJs(text, file));
    } catch {
      // A config we cannot parse gives no values; the tool's defaults apply.
      return new ConfigValues(null);
    }
  }

  /** The first string literal at `path` (the last key's value; earlier keys are enclosing properties). */
  string(path: string[]): string | null {
    if (!this.ast) return null;
    let found: string | null = null;
    walk(this.ast, (node, ancestors) => {
      if (found !== null) return 'skip';
      if (keyName(node) !== path[path.length - 1]) return;
      const enclosing = ancestors.map(keyName).filter((k): k is string => k !== null);
      const wanted = path.slice(0, -1);
      if (wanted.length && enclosing.slice(-wanted.length).join('.') !== wanted.join('.')) return;
      if (node.type === 'ObjectProperty') found = literal(node.value);
    });
    return found;
  }
}

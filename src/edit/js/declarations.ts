/** The names a file declares, in any scope: for new bindings that must not collide with them. */
import type { File, Node } from '@babel/types';
import { preorder } from './walk.js';

export const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
  'ClassProperty',
  'ClassPrivateProperty',
  'StaticBlock',
]);

/** Identifier nodes that declare a name (patterns included), with the declaring node kind. */
export function declarations(ast: File): Map<Node, string> {
  const out = new Map<Node, string>();
  const pattern = (node: Node | null | undefined, kind: string): void => {
    if (!node) return;
    if (node.type === 'Identifier') out.set(node, kind);
    else if (node.type === 'ObjectPattern')
      for (const p of node.properties) pattern(p.type === 'RestElement' ? p.argument : (p.value as Node), kind);
    else if (node.type === 'ArrayPattern') for (const e of node.elements) pattern(e, kind);
    else if (node.type === 'AssignmentPattern') pattern(node.left, kind);
    else if (node.type === 'RestElement') pattern(node.argument, kind);
    else if (node.type === 'TSParameterProperty') pattern(node.parameter, kind);
  };
  for (const node of preorder(ast.program)) {
    if (node.type === 'VariableDeclarator') pattern(node.id, 'variable');
    else if (
      (node.type === 'FunctionDeclaration' ||
        node.type === 'ClassDeclaration' ||
        node.type === 'FunctionExpression' ||
        node.type === 'ClassExpression') &&
      node.id
    )
      out.set(node.id, node.type.startsWith('Class') ? 'class' : 'function');
    else if (
      node.type === 'ImportSpecifier' ||
      node.type === 'ImportDefaultSpecifier' ||
      node.type === 'ImportNamespaceSpecifier'
    )
      out.set(node.local, 'import');
    else if (node.type === 'TSImportEqualsDeclaration') out.set(node.id, 'import');
    else if (node.type === 'CatchClause') pattern(node.param, 'parameter');
    if ('params' in node && Array.isArray(node.params) && FUNCTION_TYPES.has(node.type))
      for (const p of node.params) pattern(p as Node, 'parameter');
  }
  return out;
}

/** Every name declared anywhere in the file. */
export function declaredNames(ast: File): Set<string> {
  const names = new Set<string>();
  for (const node of declarations(ast).keys()) if (node.type === 'Identifier') names.add(node.name);
  return names;
}

/**
 * Scope checks on a planned file, over @babel/parser's tree (the TypeScript checker
 * would cost a second per run): a name the plan declares must be declared nowhere else
 * in the file, in any scope (else it is a redeclaration, or the inserted use reads the
 * user's variable), and a top-level `const`/`let`/`class` must not be read by code that
 * runs before its declaration (a CommonJS `require` below the registration using it is
 * a ReferenceError at start). Only problems touching inserted text are reported: the
 * rest of the file is the user's.
 */
import type { File, Node } from '@babel/types';
import { declarations, FUNCTION_TYPES } from '../edit/js/declarations.js';
import { walk } from '../edit/js/walk.js';
import type { Splice } from '../edit/splice.js';

export interface Range {
  start: number;
  end: number;
}

export interface BindingProblem {
  kind: 'collision' | 'use-before-declaration';
  /** Offset in the planned text. */
  at: number;
  /** For a collision: offset of the file's own declaration. */
  other?: number;
  message: string;
}

/** Where the splices' text lands in the resulting file. */
export function insertedRanges(splices: readonly Splice[]): Range[] {
  const ordered = [...splices].sort((a, b) => a.start - b.start);
  const ranges: Range[] = [];
  let delta = 0;
  for (const s of ordered) {
    const start = s.start + delta;
    if (s.text.length) ranges.push({ start, end: start + s.text.length });
    delta += s.text.length - (s.end - s.start);
  }
  return ranges;
}

const within = (ranges: readonly Range[], offset: number) => ranges.some((r) => offset >= r.start && offset < r.end);

/** True when an Identifier is read as a value here (not a property name, label, type or declaration). */
function isValueReference(node: Node, parent: Node | undefined, declared: Map<Node, string>): boolean {
  if (declared.has(node) || !parent) return false;
  if (
    (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
    parent.property === node &&
    !parent.computed
  )
    return false;
  if (
    (parent.type === 'ObjectProperty' ||
      parent.type === 'ObjectMethod' ||
      parent.type === 'ClassProperty' ||
      parent.type === 'ClassMethod') &&
    parent.key === node &&
    !parent.computed
  ) {
    // `{ x }` shorthand: key and value are separate nodes; the value one is the read.
    return false;
  }
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement')
    return false;
  // `import { a as b }`: `a` names the other module's export, not a binding here.
  if (parent.type === 'ImportSpecifier' && parent.imported === node) return false;
  if (
    parent.type === 'ExportSpecifier' ||
    parent.type.startsWith('TSType') ||
    parent.type === 'TSQualifiedName' ||
    parent.type === 'TSExpressionWithTypeArguments'
  )
    return false;
  return true;
}

function firstAtOrAfter(ordered: readonly Node[], offset: number): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((ordered[mid].start ?? 0) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function bindingProblems(ast: File, inserted: readonly Range[]): BindingProblem[] {
  const problems: BindingProblem[] = [];
  const declared = declarations(ast);
  const byName = new Map<string, Node[]>();
  for (const id of declared.keys()) {
    const name = (id as { name: string }).name;
    const same = byName.get(name);
    if (same) same.push(id);
    else byName.set(name, [id]);
  }
  // A name the plan declares, declared anywhere else in the file.
  for (const [name, ids] of byName) {
    const ours = ids.filter((id) => within(inserted, id.start ?? 0));
    const theirs = ids.filter((id) => !within(inserted, id.start ?? 0));
    if (ours.length && theirs.length) {
      problems.push({
        kind: 'collision',
        at: ours[0].start ?? 0,
        other: theirs[0].start ?? 0,
        message: `the inserted \`${name}\` collides with the \`${name}\` the file already declares`,
      });
    }
  }
  // Top-level lexical bindings read before their declaration by code that runs at once.
  const lexical = new Map<string, { declaredAt: number; start: number }>();
  // Declared names in source order, so each declarator finds its own by a binary search
  // (a scan of every name per declarator would make long files quadratic).
  const ordered = [...declared.keys()].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  for (const statement of ast.program.body) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const decl of statement.declarations) {
        const from = decl.id.start ?? 0;
        const to = decl.id.end ?? 0;
        for (let i = firstAtOrAfter(ordered, from); i < ordered.length && (ordered[i].start ?? 0) < to; i++) {
          const id = ordered[i];
          if ((id.end ?? 0) <= to)
            lexical.set((id as { name: string }).name, { declaredAt: decl.end ?? 0, start: id.start ?? 0 });
        }
      }
    } else if (statement.type === 'ClassDeclaration' && statement.id)
      lexical.set(statement.id.name, { declaredAt: statement.end ?? 0, start: statement.id.start ?? 0 });
  }
  if (lexical.size) {
    walk(ast.program, (node, ancestors) => {
      if (FUNCTION_TYPES.has(node.type)) return 'skip';
      if (node.type !== 'Identifier') return;
      const binding = lexical.get(node.name);
      const at = node.start ?? 0;
      if (!binding || at >= binding.declaredAt || !isValueReference(node, ancestors[ancestors.length - 1], declared))
        return;
      // Inside its own initialiser only through a function (skipped above), else a TDZ read.
      if (within(inserted, at) || within(inserted, binding.start)) {
        problems.push({
          kind: 'use-before-declaration',
          at,
          message: `\`${node.name}\` is used here before its declaration below (a ReferenceError at start)`,
        });
      }
    });
  }
  return problems.sort((a, b) => a.at - b.at);
}

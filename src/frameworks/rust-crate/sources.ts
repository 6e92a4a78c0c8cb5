/**
 * Every module file of a crate parsed (the quick parser first, else tree-sitter), for the integrations that edit
 * Rust code (axum, actix-web). A file that does not parse is refused with its line:
 * splicing into a tree with errors could put text in the wrong place.
 */
import { UserError } from '../../core/errors.js';
import type { ProjectFiles } from '../../detect/project.js';
import { lineColumn } from '../../edit/lines.js';
import { firstErrorNode, type RustNode } from '../../edit/rust/syntax-node.js';

export interface CrateSource {
  file: string;
  text: string;
  tree: RustNode;
}

/** The first node that is itself an error or missing, as a parse-error refusal with its line. */
function syntaxError(file: string, text: string, root: RustNode): UserError {
  const node = firstErrorNode(root);
  const { line, column } = lineColumn(text, node.startIndex);
  return new UserError(`${file} does not parse as Rust (line ${line}); session-kit edits only files that parse.`, {
    where: { file, line, column },
    hint: 'Fix the syntax error (cargo check shows it), then run session-kit again.',
    code: 'parse-error',
  });
}

/** The crate's module files reachable from its roots (each once), parsed. */
export async function crateSources(
  files: ProjectFiles,
  crate: { modules: Map<string, string[]> },
): Promise<CrateSource[]> {
  const { rustSyntaxTree } = await import('../../edit/rust/syntax-tree.js');
  const seen = new Set<string>();
  const out: CrateSource[] = [];
  for (const list of crate.modules.values()) {
    for (const file of list) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = files.read(file);
      if (text === null) continue;
      const root = await rustSyntaxTree(text);
      if (root.hasError) throw syntaxError(file, text, root);
      out.push({ file, text, tree: root });
    }
  }
  return out;
}

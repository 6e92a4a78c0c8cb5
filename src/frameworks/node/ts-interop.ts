/**
 * Import forms for TypeScript compiled to CommonJS without `esModuleInterop`
 * (NestJS's default tsconfig): `import session from 'express-session'` type-checks
 * under allowSyntheticDefaultImports but compiles to `express_session_1.default(...)`,
 * which is undefined at run time. Such projects get `import * as session from ...`.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import path from 'node:path';
import type { Project } from '../../detect/project.js';

interface CompilerOptions {
  esModuleInterop?: boolean;
  module?: string;
}

function readCompilerOptions(project: Project, file: string, depth = 0): CompilerOptions {
  const text = project.files.read(file);
  if (text === null || depth > 3) return {};
  const json = (parseJsonc(text) ?? {}) as { extends?: string | string[]; compilerOptions?: CompilerOptions };
  let inherited: CompilerOptions = {};
  const parents = json.extends === undefined ? [] : Array.isArray(json.extends) ? json.extends : [json.extends];
  for (const parent of parents) {
    // Relative `extends` only; a package preset (e.g. @tsconfig/node20) is not read.
    if (!parent.startsWith('.')) continue;
    const resolved = path.posix.join(path.posix.dirname(file), parent.endsWith('.json') ? parent : `${parent}.json`);
    inherited = { ...inherited, ...readCompilerOptions(project, resolved, depth + 1) };
  }
  return { ...inherited, ...(json.compilerOptions ?? {}) };
}

/** True when default imports of CommonJS packages break at run time in this project's TypeScript output. */
export function needsNamespaceImports(project: Project): boolean {
  if (project.language !== 'ts' || !project.files.exists('tsconfig.json')) return false;
  const options = readCompilerOptions(project, 'tsconfig.json');
  if (options.esModuleInterop) return false;
  const module = (options.module ?? 'commonjs').toLowerCase();
  // ES module output: Node's own interop gives CommonJS packages a default export.
  if (/^es(?:\d+|next)$|^preserve$/.test(module)) return false;
  if (/^node(?:16|18|20|next)$/.test(module)) return project.moduleSystem !== 'esm';
  return true;
}

/** Packages whose default export is an ES default (not `export =`): use their named export instead. */
const NAMED_INSTEAD_OF_DEFAULT: Record<string, string> = { knex: 'knex' };

/** Rewrites default imports of our generated code to forms that work without esModuleInterop. */
export function namespaceImports(code: string): string {
  return code.replace(/^import (\w+) from '([^']+)';$/gm, (_, local: string, source: string) => {
    const named = NAMED_INSTEAD_OF_DEFAULT[source];
    if (named) return named === local ? `import { ${named} } from '${source}';` : `import { ${named} as ${local} } from '${source}';`;
    return `import * as ${local} from '${source}';`;
  });
}

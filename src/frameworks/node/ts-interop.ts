/**
 * Import forms for TypeScript compiled to CommonJS without `esModuleInterop`
 * (NestJS's default tsconfig): `import session from 'express-session'` type-checks
 * under allowSyntheticDefaultImports but compiles to `express_session_1.default(...)`,
 * which is undefined at run time. Such projects get `import * as session from ...`.
 */
import { UserError } from '../../core/errors.js';
import type { Project } from '../../detect/project.js';
import { readTsConfig } from '../../detect/tsconfig.js';

/** True when default imports of CommonJS packages break at run time in this project's TypeScript output. */
export function needsNamespaceImports(project: Project): boolean {
  if (project.language !== 'ts') return false;
  const config = readTsConfig(project.files);
  if (!config) return false;
  const options = config.options;
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
    if (named)
      return named === local
        ? `import { ${named} } from '${source}';`
        : `import { ${named} as ${local} } from '${source}';`;
    return `import * as ${local} from '${source}';`;
  });
}

/**
 * Refuses when a tsconfig base that is not installed could decide how our imports
 * compile: with `esModuleInterop` unknown, no import form of a CommonJS package is
 * right both ways (TS2497 one way, a call of a namespace object the other).
 */
export function requireKnownCompilerOptions(project: Project): void {
  if (project.language !== 'ts') return;
  const config = readTsConfig(project.files);
  if (!config || config.missing.length === 0 || config.options.esModuleInterop !== undefined) return;
  const first = config.missing[0];
  throw new UserError(
    `${config.file} extends "${first}", which is not installed, so session-kit cannot tell whether esModuleInterop is on.`,
    {
      where: { file: config.file },
      hint: first.startsWith('.')
        ? `Restore ${first} (or remove it from "extends") and run session-kit again.`
        : `Install the project's dependencies (${first} comes from node_modules) and run session-kit again.`,
      code: 'tsconfig-base-missing',
    },
  );
}

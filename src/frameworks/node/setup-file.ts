/**
 * The first step of every Node integration's plan: the setup file found by detection,
 * parsed (a syntax error refuses with file:line and the manual lines), its module
 * syntax, and where the generated session module goes.
 */
import { followAliases } from '../../detect/import-aliases.js';
import type { File } from '@babel/types';
import { UserError } from '../../core/errors.js';
import type { Project } from '../../detect/project.js';
import { moduleSyntax } from '../../edit/js/modules.js';
import { parseJs } from '../../edit/js/parse.js';
import type { FrameworkDetection } from '../types.js';
import { generatedModuleFor, type GeneratedModule } from './generated-module.js';
import { requireKnownCompilerOptions } from './ts-interop.js';

export interface SetupFile {
  file: string;
  text: string;
  ast: File;
  syntax: 'esm' | 'cjs';
  target: GeneratedModule;
}

export interface SetupFileOptions {
  /** What creates the app, for the message, e.g. "the Koa app (`new Koa()`)". */
  creates: string;
  /** The lines to add by hand, for a given module syntax and import source. */
  manualLines: (syntax: 'esm' | 'cjs', importSource: string) => string;
  /** Module syntax assumed when neither the file nor package.json says. */
  defaultSyntax?: 'esm' | 'cjs';
}

export async function readSetupFile(
  project: Project,
  detection: FrameworkDetection,
  options: SetupFileOptions,
): Promise<SetupFile> {
  const file = detection.setupFile;
  // TypeScript is written with import syntax whatever it compiles to.
  const fallbackSyntax = project.language === 'ts' ? 'esm' : (project.moduleSystem ?? options.defaultSyntax ?? 'cjs');
  if (!file) {
    throw new UserError(`Could not find the file that creates ${options.creates}.`, {
      hint: 'Point session-kit at the app with --cwd, or add the lines by hand.',
      manual: options.manualLines(fallbackSyntax, './session.js'),
      code: 'setup-not-found',
    });
  }
  requireKnownCompilerOptions(project);
  const text = project.files.read(file) as string;
  const syntaxGuess = /\.mjs$|\.m?ts$/.test(file) ? 'esm' : fallbackSyntax;
  const ast = followAliases(
    await parseJs(text, file, options.manualLines(syntaxGuess, './session.js')),
    project.files,
    file,
  );
  const syntax = moduleSyntax(ast, syntaxGuess);
  return { file, text, ast, syntax, target: generatedModuleFor(project.files, file, syntax) };
}

/**
 * The name the file gives its app, for lines to add by hand when the app cannot be
 * followed: `this.app` in `this.app = express()`, `server` in `const server = new Koa()`.
 */
export function appNameIn(text: string, creation: string): string {
  // A class field (`private app = express()`) is used as `this.app`, as is a constructor
  // parameter property (`private web: Koa = new Koa()`); a type never spans a `,` or a
  // parenthesis, so an earlier parameter (`private settings: Settings,`) is not taken.
  const field = new RegExp(
    `\\b(?:private|public|protected|readonly)\\s+(?:readonly\\s+)?([\\w$]+)\\s*(?::[^=;,()]+)?=\\s*${creation}`,
  ).exec(text);
  if (field) return `this.${field[1]}`;
  const match = new RegExp(
    `(this\\.[\\w$]+|[\\w$]+)\\s*(?::[^=;,()]+)?=\\s*(?:module\\.exports\\s*=\\s*)?(?:await\\s+)?${creation}`,
  ).exec(text);
  return match?.[1] ?? 'app';
}

/**
 * session-kit keeps the session setup in a module of its own beside the app's
 * setup file, so the user's file only gains an import and one registration line.
 */
import path from 'node:path';
import type { ProjectFiles } from '../../detect/project.js';
import { importStyleFor } from './import-style.js';

export const GENERATED_MARKER = 'written by session-kit';

export interface GeneratedModule {
  /** Relative path of the module. */
  path: string;
  /** Specifier to import it from the setup file. */
  importSource: string;
  typescript: boolean;
  /** Module syntax of the generated code. */
  syntax: 'esm' | 'cjs';
}

const IMPORT_EXTENSION: Record<string, string> = {
  '.ts': '.js',
  '.tsx': '.js',
  '.mts': '.mjs',
  '.cts': '.cjs',
  '.js': '.js',
  '.mjs': '.mjs',
  '.cjs': '.cjs',
  '.jsx': '.js',
};

export function isGenerated(text: string | null): boolean {
  return (text ?? '').slice(0, 300).includes(GENERATED_MARKER);
}

/** The store a generated module was written for, from its first line. */
export function generatedStore(text: string | null): string | null {
  return text === null ? null : (/\(store: (\w+)\)/.exec(text.slice(0, 300))?.[1] ?? null);
}

export function generatedModuleFor(
  files: ProjectFiles,
  setupFile: string,
  syntax: 'esm' | 'cjs',
  baseNames = ['session', 'session-setup', 'sessions'],
): GeneratedModule {
  const dir = path.posix.dirname(setupFile);
  const ext = path.posix.extname(setupFile) || '.js';
  const typescript = /^\.[cm]?tsx?$/.test(ext);
  const moduleExt = ext === '.tsx' ? '.ts' : ext === '.jsx' ? '.js' : ext;
  const base =
    baseNames.find((name) => {
      const text = files.read(path.posix.join(dir, name + moduleExt));
      return text === null || isGenerated(text);
    }) ?? `${baseNames[0]}-kit`;
  const file = path.posix.join(dir, base + moduleExt);
  const usual = syntax === 'esm' || moduleExt === '.cjs' || typescript ? 'extension' : 'extensionless';
  const esmProject = files.json<{ type?: string }>('package.json')?.type === 'module';
  const style = importStyleFor(files, setupFile, typescript, esmProject, usual);
  const importSource =
    style === 'ts-extension' && typescript
      ? `./${base}${moduleExt}`
      : style === 'extensionless' &&
          moduleExt !== '.cjs' &&
          moduleExt !== '.mjs' &&
          moduleExt !== '.mts' &&
          moduleExt !== '.cts'
        ? `./${base}`
        : `./${base}${IMPORT_EXTENSION[moduleExt] ?? '.js'}`;
  return {
    path: file === `./${base}${moduleExt}` ? file.slice(2) : file,
    importSource,
    typescript,
    syntax: typescript ? 'esm' : syntax,
  };
}

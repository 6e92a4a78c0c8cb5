/**
 * The first step of every Node recogniser: the detected setup file read and parsed,
 * with a reader for the modules it imports relatively (to tell a router module from
 * a middleware one).
 */
import { followAliases } from '../../detect/import-aliases.js';
import type { File } from '@babel/types';
import { relativeModuleReader } from '../../detect/entry.js';
import type { ProjectFiles } from '../../detect/project.js';
import type { ModuleReader } from './modules.js';
import { parseJs } from './parse.js';
import { moduleSessionUse, type SessionUse } from './session-use.js';

export interface ParsedSource {
  file: string;
  text: string;
  ast: File;
  readModule: ModuleReader;
  /** Whether a module imported relatively (and what it imports) can touch the session. */
  sessionUseOf: (source: string) => SessionUse;
}

export async function parseSourceFile(project: { files: ProjectFiles }, file: string): Promise<ParsedSource> {
  const text = project.files.read(file) ?? '';
  return {
    file,
    text,
    ast: followAliases(await parseJs(text, file), project.files, file),
    ...moduleReaders(project, file),
  };
}

/** The readers of `file`'s relative imports: add's recognisers read them as check's do. */
export function moduleReaders(
  project: { files: ProjectFiles },
  file: string,
): Pick<ParsedSource, 'readModule' | 'sessionUseOf'> {
  return {
    readModule: relativeModuleReader(project, file),
    sessionUseOf: (source) => moduleSessionUse(project.files, file, source),
  };
}

/** The steps `find` reads in the setup file; none without a setup file or an app `find` can follow. */
export async function stepsInSetupFile<T>(
  project: { files: ProjectFiles },
  setupFile: string | null,
  find: (source: ParsedSource) => T[] | null | undefined,
): Promise<T[]> {
  if (!setupFile) return [];
  return find(await parseSourceFile(project, setupFile)) ?? [];
}

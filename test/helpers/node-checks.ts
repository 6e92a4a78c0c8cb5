/**
 * Node's and TypeScript's own verdict on a written fixture: every JS file `add` wrote
 * loads under `node --check`, and a TypeScript fixture type-checks under its own
 * tsconfig (its `extends` chain included, as tsc reads it) with nothing emitted.
 * Fixtures carry no installed packages, so diagnostics that only say a package (a bare
 * specifier) is missing, and the implicit `any`s that follow from it, are set aside;
 * everything else (syntax, duplicate or undeclared bindings, relative imports that do
 * not resolve, a base config that does not exist) fails the pair. The checker runs
 * in-process and keeps the parsed standard library between pairs, which keeps a pair
 * well under a second.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import ts from 'typescript';
import { expect } from 'vitest';
import { REPO } from './fixtures.js';

/** Cannot find module / declaration file / type definitions, augmentation of a missing module, implicit any. */
const MISSING_PACKAGE_CODES = new Set([2307, 7016, 2688, 2664, 7006, 7031, 7005, 7034]);
const TYPE_ROOTS = [path.join(REPO, 'node_modules/@types')];
const libCache = new Map<string, ts.SourceFile>();

export async function expectNodeChecks(dir: string, writtenFiles: string[]): Promise<void> {
  for (const file of writtenFiles.filter((f) => /\.[cm]?js$/.test(f))) {
    const result = await execa(process.execPath, ['--check', path.join(dir, file)], { reject: false, all: true });
    expect(result.all, `node --check ${file}`).toBe('');
  }
  if (!existsSync(path.join(dir, 'tsconfig.json')) || !writtenFiles.some((f) => /\.[cm]?tsx?$/.test(f))) return;
  expect(typeCheck(dir), `tsc --noEmit -p tsconfig.json (${path.basename(dir)})`).toEqual([]);
}

function typeCheck(dir: string): string[] {
  const configFile = path.join(dir, 'tsconfig.json');
  const problems: string[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => problems.push(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  );
  if (!parsed) return problems;
  for (const d of parsed.errors) problems.push(`tsconfig: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  // @types/node from session-kit's own install: the fixtures have no node_modules of their own.
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    typeRoots: TYPE_ROOTS,
    types: parsed.options.types ?? ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.startsWith(REPO)) return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    let cached = libCache.get(key);
    if (!cached) {
      cached = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (cached) libCache.set(key, cached);
    }
    return cached;
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (MISSING_PACKAGE_CODES.has(d.code) && !(d.code === 2307 && /Cannot find module '\.{1,2}\//.test(text))) continue;
    const where = d.file
      ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    problems.push(`${where} TS${d.code}: ${text}`);
  }
  return problems;
}

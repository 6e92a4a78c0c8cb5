/**
 * The boundaries that let a Node framework be added without touching the core: the
 * store, core, migration and check code names no framework, and framework code
 * reads store facts from the descriptor instead of branching on a store id
 * (the Rust frameworks' own crates tables aside: Pavex, axum).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../src/frameworks/registry.js';
import { STORE_IDS } from '../../src/stores/types.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : /\.ts$/.test(name) ? [file] : [];
  });
}

/** The code of a file without its comments (a `//` after `:` is a URL, not a comment). */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function hits(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    code(file)
      .split('\n')
      .filter((line) => pattern.test(line))
      .map((line) => `${path.relative(SRC, file)}: ${line.trim()}`),
  );
}

describe('integration boundaries', () => {
  it('stores, core, migrations and check name no framework', () => {
    const ids = FRAMEWORKS.map((f) => f.id).join('|');
    const files = ['stores', 'core', 'migrations', 'check'].flatMap((dir) => sourceFiles(path.join(SRC, dir)));
    expect(files.length).toBeGreaterThan(20);
    expect(hits(files, new RegExp(`['"\`](?:${ids})['"\`]`))).toEqual([]);
  });

  it('Node framework code branches on no store id', () => {
    const stores = STORE_IDS.join('|');
    const rust = FRAMEWORKS.filter((f) => f.ecosystem === 'rust').map((f) => `${path.sep}${f.id}${path.sep}`);
    expect(rust.length).toBeGreaterThan(1);
    const files = sourceFiles(path.join(SRC, 'frameworks')).filter((file) => !rust.some((dir) => file.includes(dir)));
    const comparison = new RegExp(
      `[!=]==\\s*['"\`](?:${stores})['"\`]|['"\`](?:${stores})['"\`]\\s*[!=]==|\\b(?:Set|includes)\\b.*['"\`](?:${stores})['"\`]`,
    );
    expect(hits(files, comparison)).toEqual([]);
  });

  it('every framework wiring Node stores declares its integration style', () => {
    for (const framework of FRAMEWORKS.filter((f) => f.ecosystem === 'node')) {
      expect(framework.integration?.style, framework.id).toMatch(/^(?:connect-store|generated-adapter)$/);
    }
  });
});

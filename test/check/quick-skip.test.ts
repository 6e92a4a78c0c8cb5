/**
 * The cheap paths of `check`: a project that declares no session package is answered
 * without framework detection, and the built check bundle evaluates neither the
 * parser nor the framework modules until they are needed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { noSessionReason } from '../../src/check/quick-skip.js';
import { MANIFEST_FILE } from '../../src/core/manifest.js';
import { FIXTURES, REPO } from '../helpers/fixtures.js';
import { assertBuilt } from '../helpers/app-runner.js';

function copy(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-quick-'));
  cpSync(path.join(FIXTURES, name, 'input'), dir, { recursive: true });
  return dir;
}

describe('noSessionReason', () => {
  it('answers for a project without any session package', () => {
    expect(noSessionReason(copy('express4-cjs'), null)).toMatch(/declares no session package/);
  });

  it('defers to full detection when a session package is declared, here or at the workspace root', () => {
    const dir = copy('express4-cjs');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ ...pkg, devDependencies: { 'connect-redis': '^9.0.0' } }),
    );
    expect(noSessionReason(dir, null)).toBeNull();
    const app = copy('express4-cjs');
    const root = mkdtempSync(path.join(os.tmpdir(), 'sk-quick-root-'));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ private: true, dependencies: { 'express-session': '^1.18.1' } }),
    );
    expect(noSessionReason(app, root)).toBeNull();
  });

  it('defers when session-kit recorded a setup (add --no-install leaves package.json without the packages)', () => {
    const dir = copy('express4-cjs');
    writeFileSync(path.join(dir, MANIFEST_FILE), '{}');
    expect(noSessionReason(dir, null)).toBeNull();
  });

  it('defers when package.json cannot be read, so detection reports it', () => {
    const dir = copy('express4-cjs');
    writeFileSync(path.join(dir, 'package.json'), '{ broken');
    expect(noSessionReason(dir, null)).toBeNull();
  });
});

describe('built check bundle', () => {
  const dist = path.join(REPO, 'dist');
  const name = () => {
    assertBuilt();
    const found = readdirSync(dist).find((n) => /^check-\w+\.cjs$/.test(n));
    expect(found).toBeDefined();
    return found as string;
  };

  it('holds no commander, installer, diff library or the add command', () => {
    const inputs = (
      JSON.parse(readFileSync(path.join(dist, 'bundle-inputs.json'), 'utf8')) as Record<string, string[]>
    )[name()];
    expect(inputs).toContain('src/commands/check.ts');
    for (const absent of [
      'node_modules/commander/',
      'node_modules/execa/',
      'node_modules/diff/',
      'node_modules/@clack/prompts/',
      'src/commands/add.ts',
      'src/add/',
      'src/remove/',
      'src/core/plan-runner.ts',
      'src/core/apply.ts',
    ]) {
      expect(inputs.filter((input) => input.startsWith(absent))).toEqual([]);
    }
  });

  // esbuild evaluates a module reached only through import() inside a lazy wrapper
  // (__commonJS for CommonJS packages, __esm for ES modules), so "in the bundle" is
  // not "loaded": what matters is what the top level of the bundle evaluates.
  it('evaluates the parser, the YAML library and the framework registry only when they are imported', () => {
    const text = readFileSync(path.join(dist, name()), 'utf8');
    const lazy = (wrapper: string, file: string) =>
      new RegExp(`=\\s*${wrapper}\\d*\\(\\{\\s*"${file.replace(/[./]/g, '\\$&')}"`);
    expect(text).toMatch(lazy('__commonJS', 'node_modules/@babel/parser/lib/index.js'));
    expect(text).toMatch(lazy('__commonJS', 'node_modules/yaml/dist/index.js'));
    expect(text).toMatch(lazy('__esm', 'src/frameworks/registry.ts'));
    expect(text).toMatch(lazy('__esm', 'src/detect/index.ts'));
  });
});

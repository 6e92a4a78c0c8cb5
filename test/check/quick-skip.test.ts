/**
 * The cheap paths of `check`: a project that declares no session package is answered
 * without framework detection, and the built check chunk's static imports reach
 * neither the parser nor the framework modules (they load on demand).
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
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, devDependencies: { 'connect-redis': '^9.0.0' } }));
    expect(noSessionReason(dir, null)).toBeNull();
    const app = copy('express4-cjs');
    const root = mkdtempSync(path.join(os.tmpdir(), 'sk-quick-root-'));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ private: true, dependencies: { 'express-session': '^1.18.1' } }));
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

describe('built check chunk', () => {
  it('loads the parser and the framework modules only on demand', () => {
    assertBuilt();
    const chunks = path.join(REPO, 'dist/chunks');
    const names = readdirSync(chunks);
    const check = names.find((n) => n.startsWith('check-'));
    expect(check).toBeDefined();
    const reached = new Set<string>();
    const visit = (name: string) => {
      if (reached.has(name)) return;
      reached.add(name);
      const text = readFileSync(path.join(chunks, name), 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(m[1]);
    };
    visit(check as string);
    const statically = [...reached].map((name) => readFileSync(path.join(chunks, name), 'utf8')).join('\n');
    expect(statically).not.toContain('node_modules/@babel/parser');
    expect(statically).not.toContain('src/frameworks/registry.ts');
    expect(statically).not.toContain('node_modules/commander');
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appDirName, generateMonorepo } from '../../bench/lib/monorepo.mjs';
import { findWorkspace } from '../../src/detect/workspace.js';

const TEMPLATE = {
  'package.json': JSON.stringify({ name: 'template', type: 'module', dependencies: { express: '^5.1.0' } }),
  'src/app.js': "import express from 'express';\nconst app = express();\n",
  '.env.example': 'SESSION_SECRET=\n',
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-bench-test-'));
  dirs.push(dir);
  return dir;
}

describe('generated monorepo', () => {
  it('is an npm workspace whose members are exactly the generated apps', () => {
    const root = tempRoot();
    const apps = generateMonorepo(root, 12, TEMPLATE);
    expect(apps).toHaveLength(12);
    const workspace = findWorkspace(root);
    expect(workspace?.root).toBe(root);
    expect(workspace?.packages).toEqual(apps);
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces).toEqual(['apps/*']);
    expect(JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).lockfileVersion).toBe(3);
  });

  it('copies every template file and gives each app a unique package name', () => {
    const root = tempRoot();
    const apps = generateMonorepo(root, 3, TEMPLATE);
    const names = apps.map((dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name);
    expect(names).toEqual(['app-0001', 'app-0002', 'app-0003']);
    for (const dir of apps) {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.dependencies).toEqual({ express: '^5.1.0' });
      expect(readFileSync(path.join(dir, 'src/app.js'), 'utf8')).toBe(TEMPLATE['src/app.js']);
      expect(readFileSync(path.join(dir, '.env.example'), 'utf8')).toBe(TEMPLATE['.env.example']);
    }
    expect(readdirSync(path.join(root, 'apps'))).toEqual(['app-0001', 'app-0002', 'app-0003']);
  });

  it('pads names so directory order is numeric order, also past 9999 apps', () => {
    expect(appDirName(0, 1000)).toBe('app-0001');
    expect(appDirName(999, 1000)).toBe('app-1000');
    expect(appDirName(41, 10000)).toBe('app-00042');
  });

  it('refuses a count that is not a positive integer and a template without package.json', () => {
    expect(() => generateMonorepo(tempRoot(), 0, TEMPLATE)).toThrow(/positive integer/);
    expect(() => generateMonorepo(tempRoot(), 2, { 'app.js': '' })).toThrow(/package.json/);
  });
});

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outsideReason, projectBoundary } from '../../src/core/project-paths.js';

describe('outsideReason', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sk-paths-'));
  const app = path.join(root, 'apps/web');
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'sk-elsewhere-'));
  mkdirSync(path.join(app, 'src'), { recursive: true });
  symlinkSync(elsewhere, path.join(app, 'linked'));
  symlinkSync(path.join(app, 'src'), path.join(app, 'src-link'));
  writeFileSync(path.join(elsewhere, 'x.js'), '');

  it.each(['src/app.js', 'src/new/deep/file.ts', '.env', 'src-link/app.js'])('accepts %s inside the project', (rel) => {
    expect(outsideReason(app, app, rel)).toBeNull();
  });

  it.each([
    ['../x.js', /leads outside the project/],
    ['/etc/passwd', /absolute path/],
    ['C:\\Windows\\x', /absolute path/],
    ['src/../../x.js', /segments/],
    ['./src/app.js', /segments/],
    ['linked/x.js', /outside the project through a symlink/],
    ['', /not a file path/],
  ])('refuses %s', (rel, reason) => {
    expect(outsideReason(app, app, rel)).toMatch(reason);
  });

  it('lets a workspace member climb to the workspace root, not past it', () => {
    expect(outsideReason(app, root, '../../shared/x.js')).toBeNull();
    expect(outsideReason(app, root, '../../../x.js')).toMatch(/leads outside the project/);
  });

  it('takes the workspace root as the boundary of a member, the project root otherwise', () => {
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ private: true, workspaces: ['apps/*'] }));
    writeFileSync(path.join(app, 'package.json'), '{}');
    expect(projectBoundary(app)).toBe(root);
    expect(projectBoundary(elsewhere)).toBe(elsewhere);
  });
});

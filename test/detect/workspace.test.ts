import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspace } from '../../src/detect/workspace.js';

describe('workspace globs', () => {
  it('packages/** with a symlink loop ends, each package once', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sk-ws-loop-'));
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'root', private: true, workspaces: ['packages/**'] }),
    );
    for (const name of ['a', 'b/c']) {
      mkdirSync(path.join(root, 'packages', name), { recursive: true });
      writeFileSync(path.join(root, 'packages', name, 'package.json'), JSON.stringify({ name }));
    }
    symlinkSync('..', path.join(root, 'packages/a/loop'));
    symlinkSync('../../packages', path.join(root, 'packages/b/back'));
    symlinkSync('missing', path.join(root, 'packages/broken'));
    const workspace = findWorkspace(root);
    expect(workspace?.packages.map((p) => path.relative(root, p))).toEqual(['packages/a', 'packages/b/c']);
  });
});

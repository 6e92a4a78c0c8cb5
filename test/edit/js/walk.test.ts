import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import { parseJs } from '../../../src/edit/js/parse.js';
import { preorder, walk } from '../../../src/edit/js/walk.js';
import { CHILD_KEYS } from '../../../src/edit/js/visitor-keys.js';
// @ts-expect-error: a build script without declarations
import { childKeys } from '../../../scripts/visitor-keys.mjs';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(file);
    return SOURCE.test(entry.name) ? [file] : [];
  });
}

/** Every node reachable through any key but comments and locations: what the walk must reach. */
function everyNode(root: Node): Set<Node> {
  const found = new Set<Node>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null || typeof (value as Node).type !== 'string') return;
    found.add(value as Node);
    for (const [key, child] of Object.entries(value))
      if (!/Comments$|^loc$|^extra$/.test(key) && typeof child === 'object') visit(child);
  };
  visit(root);
  return found;
}

describe('CHILD_KEYS', () => {
  it('is the table scripts/visitor-keys.mjs makes from the installed @babel/types (run it after an upgrade)', () => {
    expect(CHILD_KEYS).toEqual(childKeys());
  });
});

describe('walk over every source file of the fixtures', () => {
  const files = sources(FIXTURES);

  it('has files of each kind to read', () => {
    expect(files.filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(50);
    expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(50);
  });

  it('reaches every node of the tree once, each after its parent', async () => {
    let checked = 0;
    for (const file of files) {
      const ast = await parseJs(readFileSync(file, 'utf8'), file).catch(() => null);
      if (!ast) continue;
      const seen: Node[] = [];
      const before = new Set<Node>();
      let orphans = 0;
      walk(ast.program, (node, ancestors) => {
        if (ancestors.length && !before.has(ancestors[ancestors.length - 1])) orphans++;
        before.add(node);
        seen.push(node);
      });
      expect(orphans, file).toBe(0);
      expect(new Set(seen).size, file).toBe(seen.length);
      expect(new Set(seen), file).toEqual(everyNode(ast.program));
      expect(preorder(ast.program)).toEqual(seen);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('visits a node of a type the table does not know through its own keys', () => {
    const child = { type: 'Identifier', name: 'x' } as unknown as Node;
    const odd = { type: 'SomeFutureNode', argument: child, loc: { start: { type: 'X' } } } as unknown as Node;
    const seen: Node[] = [];
    walk(odd, (node) => {
      seen.push(node);
    });
    expect(seen).toEqual([odd, child]);
  });

  it('reads the interpreter line of a program, which Babel’s table leaves out', async () => {
    const ast = await parseJs('#!/usr/bin/env node\nrequire("x");\n', 'bin.js');
    expect(preorder(ast.program).map((n) => n.type)).toContain('InterpreterDirective');
  });
});

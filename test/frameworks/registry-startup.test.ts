/**
 * Every command that detects a project loads src/frameworks/registry.ts, `check`
 * included. What only `add` needs (plan code, templates, migration writers, JSON
 * editing, package and env planning) loads inside each module's `plan` with
 * `await import('./add.js')`; the registry's static import graph must not reach it.
 */
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS as MODULES } from '../../src/frameworks/registry.js';
import { staticImportGraph } from '../helpers/import-graph.js';
import { REPO } from './pavex/harness.js';

/** Every registered framework, so a new one is held to the same split without being listed here. */
const FRAMEWORKS = MODULES.map((f) => f.id);

/** Modules only `add` (plan) needs. */
const PLAN_ONLY: (string | RegExp)[] = [
  /^src\/migrations\//,
  /^src\/add\//,
  /^src\/frameworks\/[^/]+\/add\.ts$/,
  'src/core/plan-runner.ts',
  'src/core/templates.ts',
  'src/edit/json.ts',
  'src/frameworks/node/dependencies.ts',
  'src/frameworks/node/session-store.ts',
  'src/frameworks/node/session-env.ts',
  'src/frameworks/connect/session-module.ts',
  'src/frameworks/fastify/session-module.ts',
  'src/frameworks/fastify/registration.ts',
  'src/core/env-files.ts',
  'src/stores/context.ts',
];

const planOnly = (file: string) => PLAN_ONLY.some((p) => (typeof p === 'string' ? p === file : p.test(file)));

describe('the framework registry at start-up', () => {
  const graph = staticImportGraph('src/frameworks/registry.ts', REPO);

  it('loads every framework module and what detect, recognise and extraChecks use', () => {
    for (const id of FRAMEWORKS) {
      expect(graph.files).toContain(`src/frameworks/${id}/index.ts`);
      expect(graph.files).toContain(`src/frameworks/${id}/rules.ts`);
    }
    expect(graph.files).toContain('src/frameworks/fastify/recognise.ts');
    expect(graph.files).toContain('src/core/ordering.ts');
  });

  it('reaches no plan-only module', () => {
    expect([...graph.files].filter(planOnly).sort()).toEqual([]);
  });

  it('each add.ts does reach them (the walker follows the imports the registry leaves out)', () => {
    for (const id of FRAMEWORKS) {
      const reached = [...staticImportGraph(`src/frameworks/${id}/add.ts`, REPO).files];
      expect(reached.filter((f) => f !== `src/frameworks/${id}/add.ts` && planOnly(f)).length, id).toBeGreaterThan(0);
    }
    expect(staticImportGraph('src/frameworks/nest/add.ts', REPO).files).toContain('src/frameworks/fastify/add.ts');
  });

  it('reaches no parser or bundled heavy package statically', () => {
    expect(
      [...graph.packages].filter((p) => ['@babel/parser', 'web-tree-sitter', 'toml-eslint-parser', 'yaml'].includes(p)),
    ).toEqual([]);
  });
});

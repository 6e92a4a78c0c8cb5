/** An app that declares a Node older than 20 is told that the planned packages are chosen for Node 20+. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, plan, read } from '../helpers/fixtures.js';

function withEngines(dir: string, node: string): void {
  const pkg = JSON.parse(read(dir, 'package.json')) as Record<string, unknown>;
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ ...pkg, engines: { node } }, null, 2)}\n`);
}

describe('the Node the app declares', () => {
  it('engines.node 14: a warning names the declared Node and the planned packages', async () => {
    const dir = copyFixture('koa-cjs');
    withEngines(dir, '14.x.x');
    const result = await plan(dir, { store: 'memory' });
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^The app declares Node 14\.x\.x \(engines\.node\), but the packages planned \(koa-session@\^7\.\d+\.\d+.*\) are chosen for Node 20 and later/,
      ),
    );
  });

  it('engines.node >=20: no such warning', async () => {
    const dir = copyFixture('koa-cjs');
    withEngines(dir, '>=20');
    const result = await plan(dir, { store: 'memory' });
    expect(result.warnings.filter((w) => w.includes('declares Node'))).toEqual([]);
  });
});

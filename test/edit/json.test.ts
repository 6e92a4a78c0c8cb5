/** JSON edits as splices: the file's own layout is kept, a one-line document included. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSet } from '../../src/edit/json.js';
import { applySplices } from '../../src/edit/splice.js';
import { copyFixture, plan } from '../helpers/fixtures.js';

const ONE_LINE = '{"name":"a","scripts":{"start":"node app.js"},"dependencies":{"express":"^4.21.2"}}';

describe('jsonSet', () => {
  it('a one-line document gains the key on its one line, nothing else reprinted', () => {
    const splices = jsonSet(ONE_LINE, ['allowScripts', 'better-sqlite3'], true);
    expect(splices).toEqual([{ start: ONE_LINE.length - 1, end: ONE_LINE.length - 1, text: expect.any(String) }]);
    const after = applySplices(ONE_LINE, splices);
    expect(after.startsWith(ONE_LINE.slice(0, -1))).toBe(true);
    expect(after).not.toContain('\n');
    expect(JSON.parse(after).allowScripts).toEqual({ 'better-sqlite3': true });
  });

  it('an indented document gets the key in its indentation', () => {
    const text = '{\n    "name": "a"\n}\n';
    expect(applySplices(text, jsonSet(text, ['private'], true))).toBe('{\n    "name": "a",\n    "private": true\n}\n');
  });

  it('add --store sqlite on an app whose package.json is one line: the native-build permission and the start script edit do not collide', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'one-line',
        main: 'app.js',
        scripts: { start: 'node app.js' },
        dependencies: { express: '^4.21.2' },
        engines: { node: '>=20' },
      }),
    );
    const result = await plan(dir, { store: 'sqlite' });
    const pkg = result.files.find((f) => f.path === 'package.json');
    expect(pkg?.after).not.toContain('\n');
    expect(JSON.parse(pkg?.after ?? '{}').scripts.start).toBe('node --env-file=.env app.js');
  });
});

import { describe, it } from 'vitest';
import { parseJs } from '../../../src/edit/js/parse.js';
import { addWithoutInstall, copyFixture, expectAddProperties, expectMatchesExpected, read } from '../../helpers/fixtures.js';

process.env.SOURCE_DATE_EPOCH = '1767225600';

const FIXTURES = ['hono-node-ts', 'hono-subapps'];
const STORES = ['memory', 'sqlite', 'postgres', 'mysql', 'redis'];

describe.each(FIXTURES)('hono fixture %s', (fixture) => {
  it.each(STORES)('add --store %s matches the expected output and keeps every property', async (store) => {
    const dir = copyFixture(fixture);
    const result = await addWithoutInstall(dir, { store });
    expectMatchesExpected(fixture, store, dir, result);
    for (const file of result.files) {
      if (file.after !== null && /\.[cm]?[jt]s$/.test(file.path)) await parseJs(read(dir, file.path), file.path);
    }
    await expectAddProperties(dir, result, { store });
  });
});

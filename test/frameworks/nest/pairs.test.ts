import { describe, it } from 'vitest';
import { parseJs } from '../../../src/edit/js/parse.js';
import { addWithoutInstall, copyFixture, expectAddProperties, expectMatchesExpected, read } from '../../helpers/fixtures.js';

const FIXTURES = ['nest-express', 'nest-fastify'];
const STORES = ['memory', 'sqlite', 'postgres', 'mysql', 'redis'];
// Migration file names carry a timestamp: pin the clock so expected outputs are stable.
process.env.SOURCE_DATE_EPOCH = '1767225600';

describe.each(FIXTURES)('nest fixture %s', (fixture) => {
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

/**
 * The .env next step names the file that starts the app, not a module that only
 * exports it.
 */
import { describe, expect, it } from 'vitest';
import { copyFixture, plan } from '../../helpers/fixtures.js';

describe('loading .env', () => {
  it('an app configured in src/config/express.js and started from src/index.js: the step names src/index.js', async () => {
    const result = await plan(copyFixture('express-config-module'), { store: 'memory' });
    const step = result.nextSteps.find((s) => s.startsWith('Load .env'));
    expect(step).toBe(
      "Load .env before the app starts: run it with `node --env-file=.env src/index.js` (Node 20.6+), or install dotenv and add `require('dotenv/config')` as the first line of src/index.js.",
    );
  });
});

/**
 * A Hono app made by a factory of its own file (`createApp()` calling `createRouter()`,
 * which returns `new OpenAPIHono()`): followed only when the file creates no app directly,
 * so a sub-router made by such a factory never takes the place of the real app.
 */
import { describe, expect, it } from 'vitest';
import { parseJs } from '../../../src/edit/js/parse.js';
import { findHonoApp } from '../../../src/frameworks/hono/recognise.js';

async function appOf(text: string) {
  return findHonoApp(await parseJs(text, 'src/app.ts'), text, 'src/app.ts');
}

describe('a factory of the same file', () => {
  it('makes the app inside the function that calls it; its middleware are the steps', async () => {
    const app = await appOf(
      [
        "import { OpenAPIHono } from '@hono/zod-openapi'",
        "import { logger } from 'hono/logger'",
        'export function createRouter() {',
        '  return new OpenAPIHono({ strict: false })',
        '}',
        'export default function createApp() {',
        '  const app = createRouter()',
        '  app.use(logger())',
        '  return app',
        '}',
        '',
      ].join('\n'),
    );
    expect(app?.appName).toBe('app');
    expect(app?.steps.map((s) => [s.kind, s.line])).toEqual([
      ['app', 7],
      ['middleware', 8],
    ]);
  });

  it('is not preferred to an app the file creates directly (a sub-router made by it comes first)', async () => {
    const app = await appOf(
      [
        "import { Hono } from 'hono'",
        'const makeRouter = () => new Hono()',
        'const api = makeRouter()',
        "api.get('/items', (c) => c.json([]))",
        'const app = new Hono()',
        "app.route('/api', api)",
        'export default app',
        '',
      ].join('\n'),
    );
    expect(app?.appName).toBe('app');
  });
});

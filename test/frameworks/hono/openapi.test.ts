/** @hono/zod-openapi's OpenAPIHono is a Hono subclass: an app created with it is set up like `new Hono()`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWithoutInstall, copyFixture, read } from '../../helpers/fixtures.js';

describe('new OpenAPIHono()', () => {
  it('is the app: the session goes before its first route', async () => {
    const dir = copyFixture('hono-node-ts');
    const pkg = JSON.parse(read(dir, 'package.json')) as { dependencies: Record<string, string> };
    pkg.dependencies['@hono/zod-openapi'] = '^0.19.0';
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    writeFileSync(
      path.join(dir, 'src/index.ts'),
      [
        "import { serve } from '@hono/node-server'",
        "import type { Context } from 'hono'",
        "import { OpenAPIHono } from '@hono/zod-openapi'",
        '',
        'const app = new OpenAPIHono()',
        "app.get('/', (c: Context) => c.text('hi'))",
        '',
        'serve({ fetch: app.fetch, port: 3000 })',
        '',
      ].join('\n'),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'src/index.ts')).toContain(
      "const app = new OpenAPIHono()\napp.use(sessionStorage, sessionMiddleware)\napp.get('/',",
    );
  });
});

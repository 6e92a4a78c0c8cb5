/**
 * Where Fastify's registrations go and in which style, beyond the pairs of
 * test/frameworks/pairs.test.ts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWithoutInstall, copyFixture, read } from '../../helpers/fixtures.js';

describe('fastify placement and style', () => {
  it('an autoload app whose plugins folder is loaded after the routes folder gets the session in the app, before the routes', async () => {
    const dir = copyFixture('fastify-autoload');
    const app = read(dir, 'app.js');
    const plugins = app.slice(
      app.indexOf('  // This loads all plugins defined in plugins'),
      app.indexOf('  // This loads all plugins defined in routes'),
    );
    writeFileSync(
      path.join(dir, 'app.js'),
      app
        .replace(plugins, '')
        .replace(/\n}\n\nmodule\.exports\.options/, `\n${plugins.trimEnd()}\n}\n\nmodule.exports.options`),
    );
    const result = await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'app.js');
    // A plugin file in plugins/ would run after every route: the registrations go above the routes' autoload.
    expect(result.files.some((f) => f.path.startsWith('plugins/session'))).toBe(false);
    expect(text.indexOf('fastify.register(fastifySession, sessionOptions)')).toBeGreaterThan(-1);
    expect(text.indexOf('fastify.register(fastifySession, sessionOptions)')).toBeLessThan(text.indexOf("'routes')"));
  });

  it('inserts into a multi-line .register chain before the routes plugin, in the file style (CRLF, double quotes)', async () => {
    const dir = copyFixture('fastify-cjs');
    writeFileSync(path.join(dir, 'server.js'), read(dir, 'server.js').replace(/\n/g, '\r\n'));
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'server.js');
    expect(text).toContain(
      'fastify\r\n  .register(timing)\r\n  .register(fastifyCookie)\r\n  .register(fastifySession, sessionOptions)\r\n  .register(require("./routes/health"), { prefix: "/health" });\r\n',
    );
    expect(text).toContain('const fastifyCookie = require("@fastify/cookie");\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(read(dir, 'session.js').replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('inserts into a one-line chain without breaking the line', async () => {
    const dir = copyFixture('fastify-cjs');
    writeFileSync(
      path.join(dir, 'server.js'),
      read(dir, 'server.js').replace(
        'fastify\n  .register(timing)\n  .register(require',
        'fastify.register(timing).register(require',
      ),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'server.js')).toContain(
      'fastify.register(timing).register(fastifyCookie).register(fastifySession, sessionOptions).register(require("./routes/health"), { prefix: "/health" });\n',
    );
  });

  it('writes plain register calls where the file does not await them', async () => {
    const dir = copyFixture('fastify-esm-ts');
    writeFileSync(
      path.join(dir, 'src/app.ts'),
      read(dir, 'src/app.ts').replace('await app.register(healthRoutes', 'app.register(healthRoutes'),
    );
    await addWithoutInstall(dir, { store: 'memory' });
    const text = read(dir, 'src/app.ts');
    expect(text).toContain('})\napp.register(fastifyCookie)\napp.register(fastifySession, sessionOptions)\n');
    expect(text).not.toContain('await app.register(fastify');
  });
});

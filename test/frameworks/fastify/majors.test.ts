/**
 * The cookie and session plugin majors follow the Fastify major the app runs (each
 * release registers on one Fastify major), for Fastify apps and for Nest on the
 * Fastify adapter; a major no maintained release supports is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, plan } from '../../helpers/fixtures.js';

function withDependencies(fixture: string, deps: Record<string, string | undefined>): string {
  const dir = copyFixture(fixture);
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.dependencies = { ...pkg.dependencies, ...deps };
  for (const [name, range] of Object.entries(deps)) if (range === undefined) delete pkg.dependencies[name];
  writeFileSync(file, JSON.stringify(pkg, null, 2));
  return dir;
}

const versions = async (dir: string, store = 'memory') =>
  Object.fromEntries((await plan(dir, { store })).dependencies.map((d) => [d.name, d.version]));

describe('plugin majors from the Fastify major', () => {
  it('Fastify 5 gets @fastify/cookie 11 and @fastify/session 11', async () => {
    expect(await versions(copyFixture('fastify-cjs'))).toMatchObject({
      '@fastify/cookie': '^11.0.2',
      '@fastify/session': '^11.1.0',
    });
  });

  it('Fastify 4 gets the releases that declare fastify 4.x (@fastify/cookie 9, @fastify/session 10, fastify-plugin 4)', async () => {
    expect(await versions(withDependencies('fastify-cjs', { fastify: '^4.28.1' }))).toMatchObject({
      '@fastify/cookie': '^9.4.0',
      '@fastify/session': '^10.9.0',
    });
    expect(
      await versions(
        withDependencies('fastify-autoload', {
          fastify: '~4.26.0',
          'fastify-plugin': undefined,
          '@fastify/autoload': '^5.8.0',
        }),
      ),
    ).toMatchObject({ '@fastify/cookie': '^9.4.0', '@fastify/session': '^10.9.0', 'fastify-plugin': '^4.5.1' });
  });

  it('Nest reads the Fastify major from @nestjs/platform-fastify (10 runs Fastify 4)', async () => {
    expect(
      await versions(
        withDependencies('nest-fastify', {
          '@nestjs/platform-fastify': '^10.4.0',
          '@nestjs/core': '^10.4.0',
          '@nestjs/common': '^10.4.0',
        }),
      ),
    ).toMatchObject({ '@fastify/cookie': '^9.4.0', '@fastify/session': '^10.9.0' });
  });

  it('Fastify 3 is refused with what to upgrade', async () => {
    await expect(
      plan(withDependencies('fastify-cjs', { fastify: '^3.29.5' }), { store: 'memory' }),
    ).rejects.toMatchObject({
      message:
        'Fastify 3 is not supported (package.json fastify ^3.29.5): the @fastify/session and @fastify/cookie releases session-kit installs register on Fastify 4 and 5 only.',
      hint: 'Upgrade the app to Fastify 4 or 5, then run session-kit again.',
      code: 'unsupported-version',
    });
  });

  it('Fastify 1 and 2 fastify-cli plugin apps are refused for their major, not for a missing app', async () => {
    for (const [range, major] of [
      ['^1.14.6', 1],
      ['^2.15.0', 2],
    ] as const)
      await expect(
        plan(withDependencies('fastify-cli-plugin', { fastify: range, 'fastify-cli': '^1.5.0' }), { store: 'memory' }),
      ).rejects.toMatchObject({
        message: `Fastify ${major} is not supported (package.json fastify ${range}): the @fastify/session and @fastify/cookie releases session-kit installs register on Fastify 4 and 5 only.`,
        code: 'unsupported-version',
      });
  });

  it('Fastify 3 is refused for its major, also when the file that creates the app cannot be found', async () => {
    const dir = withDependencies('fastify-cjs', { fastify: '^3.27.2' });
    // The instance is made behind the project's own adapter layer, which session-kit does not follow.
    writeFileSync(path.join(dir, 'server.js'), "'use strict';\n\nrequire('./platform').boot();\n");
    writeFileSync(path.join(dir, 'platform.js'), "'use strict';\n\nexports.boot = () => {};\n");
    await expect(plan(dir, { store: 'memory' })).rejects.toMatchObject({
      message:
        'Fastify 3 is not supported (package.json fastify ^3.27.2): the @fastify/session and @fastify/cookie releases session-kit installs register on Fastify 4 and 5 only.',
      code: 'unsupported-version',
    });
  });

  it('Nest on @nestjs/platform-fastify 8 (Fastify 3) is refused naming the platform package', async () => {
    await expect(
      plan(withDependencies('nest-fastify', { '@nestjs/platform-fastify': '^8.4.7' }), { store: 'memory' }),
    ).rejects.toMatchObject({
      message:
        'Fastify 3 is not supported (@nestjs/platform-fastify ^8.4.7): the @fastify/session and @fastify/cookie releases session-kit installs register on Fastify 4 and 5 only.',
      hint: 'Upgrade the app to Fastify 4 or 5 (@nestjs/platform-fastify 10 or 11), then run session-kit again.',
    });
  });
});

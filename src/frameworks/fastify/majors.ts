/**
 * Plugin majors follow the Fastify major the app runs: each @fastify/cookie,
 * @fastify/session and fastify-plugin major declares (through fastify-plugin's
 * `fastify: 'N.x'` check) the one Fastify major it registers on, and a wrong one
 * stops the app at start. A Nest app runs the Fastify its @nestjs/platform-fastify
 * depends on.
 */
import { UserError } from '../../core/errors.js';
import { lowestMajor } from '../../detect/node-version.js';
import { dependencyRange, type Project } from '../../detect/project.js';
import type { PackageSpec } from '../../stores/types.js';

export interface FastifyMajor {
  major: number | null;
  /** Where the major was read, for messages. */
  source: string;
}

/** Checked against each package's published fastify-plugin metadata (`fastify: '5.x'` / `'4.x'`). */
const PLUGINS_BY_MAJOR: Record<number, { cookie: string; session: string; plugin: string }> = {
  5: { cookie: '^11.0.2', session: '^11.1.0', plugin: '^5.0.1' },
  4: { cookie: '^9.4.0', session: '^10.9.0', plugin: '^4.5.1' },
};

/** @nestjs/platform-fastify major → the Fastify major it depends on (7, 8: 3.x; 9, 10: 4.x; 11: 5.x). */
const NEST_PLATFORM_FASTIFY: Record<number, number> = { 7: 3, 8: 3, 9: 4, 10: 4, 11: 5 };

export function fastifyMajor(project: Project): FastifyMajor {
  const installed = project.files.json<{ version?: string }>('node_modules/fastify/package.json')?.version;
  const own = dependencyRange(project.packageJson, 'fastify');
  if (own)
    return {
      major: lowestMajor(installed ?? own),
      source: installed ? `node_modules/fastify ${installed}` : `package.json fastify ${own}`,
    };
  const platform = dependencyRange(project.packageJson, '@nestjs/platform-fastify');
  if (platform) {
    const nest = lowestMajor(platform);
    return {
      major: nest === null ? null : (NEST_PLATFORM_FASTIFY[nest] ?? (nest > 11 ? null : 3)),
      source: `@nestjs/platform-fastify ${platform}`,
    };
  }
  return { major: null, source: 'no fastify dependency' };
}

/** The plugin versions for the app's Fastify major; refuses a major no maintained plugin release supports. */
export function fastifyPluginVersions(project: Project): { cookie: string; session: string; plugin: string } {
  const { major, source } = fastifyMajor(project);
  if (major === null || major > 5) return PLUGINS_BY_MAJOR[5];
  const versions = PLUGINS_BY_MAJOR[major];
  if (versions) return versions;
  throw new UserError(
    `Fastify ${major} is not supported (${source}): the @fastify/session and @fastify/cookie releases session-kit installs register on Fastify 4 and 5 only.`,
    {
      where: { file: 'package.json' },
      hint: `Upgrade the app to Fastify 4 or 5${source.startsWith('@nestjs') ? ' (@nestjs/platform-fastify 10 or 11)' : ''}, then run session-kit again.`,
      code: 'unsupported-version',
    },
  );
}

export function fastifyPluginPackages(project: Project): PackageSpec[] {
  const v = fastifyPluginVersions(project);
  return [
    { name: '@fastify/cookie', version: v.cookie },
    { name: '@fastify/session', version: v.session },
  ];
}

/**
 * The package majors `add` chooses per Node line (src/stores/versions.ts and the ranges
 * beside it), checked against what the packages declare in the npm registry (their
 * registry documents, read at test time: this file needs the registry, as every real install does).
 * For each Node line, every package planned on a Node framework fixture × store, with the
 * app declaring that line:
 * - the newest version the planned range admits (what a fresh install gets) declares
 *   `engines.node` accepting the line, and its peers accept what is planned beside it
 *   (or what the app already declares);
 * - no newer major declares support for the line unless listed in NOT_CHOSEN, so a new
 *   major (one that drops a line, or the next one for newer lines) fails here first.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import { STORE_IDS } from '../../src/stores/types.js';
import { versionFor } from '../../src/stores/versions.js';
import { copyFixture, plan } from '../helpers/fixtures.js';
import { NODE_LINES } from '../helpers/node-lines.js';

const run = promisify(execFile);

/** One fixture per Node framework and integration style (TypeScript ones: the @types packages too). */
const FIXTURES = ['express5-esm-ts', 'fastify-esm-ts', 'nest-fastify', 'koa-esm-ts', 'hono-node-ts'];

/**
 * The version of each line an app may run: its first LTS release (v20.9.0, v22.11.0,
 * v24.11.0); for 26 its first release, the strictest choice.
 */
const LINE_FLOOR: Record<number, string> = { 20: '20.9.0', 22: '22.11.0', 24: '24.11.0', 26: '26.0.0' };

/** Newer majors that support a line but are deliberately not chosen there, and why. */
const NOT_CHOSEN: Record<string, { major: number; why: string }> = {
  redis: {
    major: 6,
    why: 'node-redis 6 has not run under connect-redis or the generated adapters here; 5 supports every line',
  },
  'connect-redis': {
    major: 11,
    why: 'ESM only: its exports map has no require condition, so a CommonJS app (or a TypeScript app compiled to CommonJS) cannot require it (ERR_PACKAGE_PATH_NOT_EXPORTED); 10 exports both and supports the same Node lines',
  },
  '@types/better-sqlite3': {
    major: 9,
    why: '7.6 types compile the generated adapter against better-sqlite3 12 and 13 (tsc in the e2e on every line); 9 is not tried',
  },
};

interface Planned {
  fixture: string;
  store: string;
  line: number;
  /** name → range, as `add` plans them. */
  packages: Record<string, string>;
  /** name → range the app already declares. */
  app: Record<string, string>;
}

interface VersionFacts {
  version: string;
  engines?: { node?: string };
  peerDependencies?: Record<string, string>;
}

const published = new Map<string, Promise<VersionFacts[]>>();
let registry: Promise<string> | undefined;

/**
 * Every published release of `name` (no prereleases), with its engines and peers, from
 * its registry document (the registry npm is configured with). `npm view name@range`
 * would do, but with many versions it prints some of them without their fields.
 */
function releases(name: string): Promise<VersionFacts[]> {
  registry ??= run('npm', ['config', 'get', 'registry']).then(({ stdout }) => stdout.trim().replace(/\/?$/, '/'));
  if (!published.has(name)) {
    published.set(
      name,
      registry.then(async (base) => {
        const response = await fetch(`${base}${name.replace('/', '%2f')}`, {
          headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
        });
        if (!response.ok) throw new Error(`${name}: the registry answered ${response.status}`);
        const document = (await response.json()) as { versions: Record<string, VersionFacts> };
        return Object.values(document.versions).filter(
          (v) => semver.valid(v.version) !== null && semver.prerelease(v.version) === null,
        );
      }),
    );
  }
  return published.get(name)!;
}

/** The published releases `name@range` admits. */
async function view(name: string, range: string): Promise<VersionFacts[]> {
  return (await releases(name)).filter((v) => semver.satisfies(v.version, range));
}

function newest(versions: VersionFacts[]): VersionFacts | undefined {
  return [...versions].sort((a, b) => semver.rcompare(a.version, b.version))[0];
}

function acceptsLine(facts: VersionFacts, line: number): boolean {
  const range = facts.engines?.node;
  return range === undefined || semver.satisfies(LINE_FLOOR[line], range, { loose: true });
}

describe('the package majors session-kit chooses, against the registry', () => {
  const planned: Planned[] = [];

  beforeAll(async () => {
    const started = Date.now();
    for (const fixture of FIXTURES) {
      for (const line of NODE_LINES) {
        for (const store of STORE_IDS) {
          const dir = copyFixture(fixture);
          const file = path.join(dir, 'package.json');
          const pkg = JSON.parse(readFileSync(file, 'utf8'));
          pkg.engines = { ...pkg.engines, node: `>=${line}` };
          writeFileSync(file, JSON.stringify(pkg));
          const result = await plan(dir, { store });
          planned.push({
            fixture,
            store,
            line,
            packages: Object.fromEntries(result.dependencies.map((d) => [d.name, d.version])),
            app: { ...pkg.dependencies, ...pkg.devDependencies },
          });
        }
      }
    }
    console.info(`planned ${planned.length} adds in ${Math.round((Date.now() - started) / 1000)} s`);
    // Every planned package at once (about 20 documents); the app's own packages when a peer names them.
    const names = new Set(planned.flatMap((p) => Object.keys(p.packages)));
    await Promise.all([...names].map((name) => releases(name)));
    console.info(`read ${names.size} packages from the registry in ${Math.round((Date.now() - started) / 1000)} s`);
  }, 180_000);

  it("plans each line's majors: the app's declared Node picks them (not the Node running the test)", () => {
    const sqlite = (line: number) =>
      planned.find((p) => p.line === line && p.store === 'sqlite' && p.fixture === 'koa-esm-ts')?.packages[
        'better-sqlite3'
      ];
    for (const line of NODE_LINES) expect(sqlite(line)).toBe(versionFor('better-sqlite3', line, 'none'));
    expect(new Set(NODE_LINES.map(sqlite)).size).toBeGreaterThan(1);
  });

  it.each(NODE_LINES)(
    'Node %i: the newest version of every planned range declares engines accepting the line',
    async (line) => {
      const problems: string[] = [];
      const ranges = new Map<string, string>();
      for (const p of planned.filter((q) => q.line === line))
        for (const [name, range] of Object.entries(p.packages))
          ranges.set(`${name}@${range}`, `${p.fixture} --store ${p.store}`);
      for (const [key, where] of ranges) {
        const at = key.lastIndexOf('@');
        const facts = newest(await view(key.slice(0, at), key.slice(at + 1)));
        if (!facts) problems.push(`${key}: no published version (${where})`);
        else if (!acceptsLine(facts, line))
          problems.push(
            `${key}: ${facts.version} declares engines.node "${facts.engines?.node}", not Node ${LINE_FLOOR[line]} (${where})`,
          );
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it.each(NODE_LINES)(
    'Node %i: the peers of every planned package accept what is planned beside it or what the app declares',
    async (line) => {
      const problems = new Set<string>();
      for (const p of planned.filter((q) => q.line === line)) {
        const around = { ...p.app, ...p.packages };
        for (const [name, range] of Object.entries(p.packages)) {
          const facts = newest(await view(name, range));
          for (const [peer, wanted] of Object.entries(facts?.peerDependencies ?? {})) {
            if (!(peer in around)) continue;
            const given = newest(await view(peer, around[peer]));
            if (given && !semver.satisfies(given.version, wanted))
              problems.add(
                `${name}@${facts!.version} wants ${peer} ${wanted}; ${p.fixture} --store ${p.store} gets ${peer}@${given.version} (${around[peer]})`,
              );
          }
        }
      }
      expect([...problems]).toEqual([]);
    },
    120_000,
  );

  it.each(NODE_LINES)(
    'Node %i: no newer major of a planned package supports the line unless it is listed as not chosen',
    async (line) => {
      const problems = new Set<string>();
      for (const p of planned.filter((q) => q.line === line)) {
        for (const [name, range] of Object.entries(p.packages)) {
          const chosen = newest(await view(name, range));
          if (!chosen) continue;
          const newer = (await view(name, `>=${semver.major(chosen.version) + 1}.0.0`)).filter((v) =>
            acceptsLine(v, line),
          );
          const best = newest(newer);
          if (!best) continue;
          const reviewed = NOT_CHOSEN[name];
          if (reviewed && semver.major(best.version) <= reviewed.major) continue;
          problems.add(
            `${name}@${best.version} supports Node ${line} (engines.node "${best.engines?.node ?? 'any'}"), but add plans ${range} there: add a fromNode rule in src/stores/versions.ts, or list the major in NOT_CHOSEN with the reason`,
          );
        }
      }
      expect([...problems]).toEqual([]);
    },
    120_000,
  );
});

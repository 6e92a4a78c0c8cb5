/** How session-kit names itself in the commands it prints, for each way it can be started. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Invocation, selfCommandFor, shellWord } from '../../src/core/self-command.js';

/** A file system of symlinks (link → target) and package.json names, for one run. */
function run(
  script: string,
  links: Record<string, string>,
  packages: Record<string, string>,
  pathEnv = '',
): Invocation {
  return {
    script,
    pathEnv,
    realpath: (file) => {
      for (const [link, target] of Object.entries(links)) if (file === link) return target;
      return file;
    },
    packageName: (dir) => packages[dir] ?? null,
  };
}

const CLONE = '/home/me/src/session-kit';
const cloneBin = `${CLONE}/bin/session-kit.cjs`;

describe('selfCommandFor', () => {
  it('a clone run with node: node and the absolute path of its bin', () => {
    expect(selfCommandFor(run(cloneBin, {}, { [CLONE]: 'session-kit' }))).toBe(`node ${cloneBin}`);
  });

  it('a clone linked globally (npm link): the bare bin name on PATH', () => {
    const script = '/usr/local/bin/session-kit';
    const invocation = run(script, { [script]: cloneBin }, { [CLONE]: 'session-kit' }, '/usr/bin:/usr/local/bin');
    expect(selfCommandFor(invocation)).toBe('session-kit');
  });

  it('a clone through `npx /path/to/clone`: npx and the clone folder', () => {
    const script = '/root/.npm/_npx/0814a53a742bb983/node_modules/.bin/session-kit';
    const invocation = run(
      script,
      { [script]: cloneBin },
      { [CLONE]: 'session-kit' },
      `/root/.npm/_npx/0814a53a742bb983/node_modules/.bin${path.delimiter}/usr/bin`,
    );
    expect(selfCommandFor(invocation)).toBe(`npx ${CLONE}`);
  });

  it('a clone folder with a space is quoted for the shell', () => {
    const clone = '/home/me/my tools/session-kit';
    expect(selfCommandFor(run(`${clone}/bin/session-kit.cjs`, {}, { [clone]: 'session-kit' }))).toBe(
      `node '${clone}/bin/session-kit.cjs'`,
    );
  });

  it('from the registry through npx, or the app own devDependency (bin folder on PATH only inside npm): npx session-kit', () => {
    const npxScript = '/root/.npm/_npx/ab12/node_modules/.bin/session-kit';
    const npxPkg = '/root/.npm/_npx/ab12/node_modules/session-kit';
    expect(
      selfCommandFor(
        run(
          npxScript,
          { [npxScript]: `${npxPkg}/bin/session-kit.cjs` },
          { [npxPkg]: 'session-kit' },
          '/root/.npm/_npx/ab12/node_modules/.bin',
        ),
      ),
    ).toBe('npx session-kit');
    const localScript = '/app/node_modules/.bin/session-kit';
    expect(
      selfCommandFor(
        run(
          localScript,
          { [localScript]: '/app/node_modules/session-kit/bin/session-kit.cjs' },
          { '/app/node_modules/session-kit': 'session-kit' },
          '/app/node_modules/.bin:/usr/bin',
        ),
      ),
    ).toBe('npx session-kit');
  });

  it('installed globally from the registry: the bare bin name', () => {
    const script = '/usr/bin/session-kit';
    const pkg = '/usr/lib/node_modules/session-kit';
    expect(
      selfCommandFor(run(script, { [script]: `${pkg}/bin/session-kit.cjs` }, { [pkg]: 'session-kit' }, '/usr/bin')),
    ).toBe('session-kit');
  });

  it('anything that is not session-kit bin (a test runner, another package of that file name) is npx session-kit', () => {
    expect(selfCommandFor(run('/repo/node_modules/vitest/vitest.mjs', {}, {}))).toBe('npx session-kit');
    expect(selfCommandFor(run(undefined as unknown as string, {}, {}))).toBe('npx session-kit');
    expect(selfCommandFor(run('/other/bin/session-kit.cjs', {}, { '/other': 'not-session-kit' }))).toBe(
      'npx session-kit',
    );
  });
});

describe('shellWord', () => {
  it('leaves plain paths alone and single-quotes the rest', () => {
    expect(shellWord('/a/b-c_d.cjs')).toBe('/a/b-c_d.cjs');
    expect(shellWord("it's here")).toBe(`'it'\\''s here'`);
  });
});

/** The install spinner's step, read from each package manager's own output lines. */
import { describe, expect, it } from 'vitest';
import { meaningfulLines, progressStep } from '../../src/core/install-progress.js';

describe('progressStep', () => {
  it.each([
    // npm 11 at loglevel info
    [
      'npm http fetch GET 200 https://registry.npmjs.org/express-session 169ms (cache updated)',
      'fetching express-session',
    ],
    ['npm http fetch GET 200 https://registry.npmjs.org/@types%2fnode 20ms (cache hit)', 'fetching @types/node'],
    ['npm http cache knex@https://registry.npmjs.org/knex/-/knex-3.1.0.tgz 1ms (cache hit)', 'fetching knex'],
    [
      'npm http cache @scope/pkg@https://registry.npmjs.org/@scope/pkg/-/pkg-1.0.0.tgz 0ms (cache hit)',
      'fetching @scope/pkg',
    ],
    [
      'npm info run better-sqlite3@12.4.1 install node_modules/better-sqlite3 prebuild-install || node-gyp rebuild --release',
      'building better-sqlite3 (its install script)',
    ],
    ['npm info run better-sqlite3@12.4.1 install { code: 0, signal: null }', null],
    ['added 53 packages, and audited 54 packages in 4s', 'added 53 packages'],
    // yarn classic and berry
    ['[2/4] Fetching packages...', 'fetching packages (2/4)'],
    ['➤ YN0000: ┌ Link step', 'link step'],
    [
      '➤ YN0007: │ better-sqlite3@npm:12.4.1 must be built because it never has been before or the last one failed',
      'building better-sqlite3',
    ],
    // pnpm
    ['Progress: resolved 120, reused 118, downloaded 2, added 120, done', 'resolved 120, downloaded 2, added 120'],
    [
      'node_modules/.pnpm/better-sqlite3@12.4.1/node_modules/better-sqlite3 install$ prebuild-install || node-gyp rebuild',
      'building better-sqlite3 (its install script)',
    ],
    [
      'node_modules/.pnpm/better-sqlite3@12.4.1/node_modules/better-sqlite3 install: Running...',
      'building better-sqlite3 (its install script)',
    ],
    ['Packages: +53', 'packages +53'],
    // pnpm 9, captured: a package's script, then its end
    [
      '.../esbuild@0.25.12/node_modules/esbuild postinstall$ node install.js',
      'building esbuild (its postinstall script)',
    ],
    ['.../esbuild@0.25.12/node_modules/esbuild postinstall: Done', 'built esbuild'],
    [
      '.../better-sqlite3@12.4.1/node_modules/better-sqlite3 install:   CXX(target) Release/obj.target/sqlite3.o',
      'compiling native code',
    ],
    // a native build, any package manager that shows it
    [
      'prebuild-install warn install No prebuilt binaries found (target=20.20.2 runtime=node arch=x64 libc= platform=linux)',
      'no prebuilt binary: compiling from source',
    ],
    ['  CXX(target) Release/obj.target/better_sqlite3/src/better_sqlite3.o', 'compiling native code'],
    // bun
    ['Resolving dependencies', 'resolving dependencies'],
    ['Resolved, downloaded and extracted [12]', 'resolved, downloaded and extracted [12]'],
    ['installed express-session@1.18.1', 'installed express-session@1.18.1'],
    // colours and redraws: the last redraw counts
    [
      '\u001b[2K\rProgress: resolved 1, reused 0, downloaded 0, added 0\rProgress: resolved 9, reused 0, downloaded 9, added 9',
      'resolved 9, downloaded 9, added 9',
    ],
    ['\u001b[32m[1/4]\u001b[0m Resolving packages...', 'resolving packages (1/4)'],
  ])('%s', (line, step) => {
    expect(progressStep(line)).toBe(step);
  });

  it('says nothing for lines it does not know', () => {
    for (const line of [
      '',
      '   ',
      'npm warn deprecated inflight@1.0.6: leaks memory',
      'gyp info it worked if it ends with ok',
      'random text',
    ])
      expect(progressStep(line)).toBeNull();
  });
});

describe('meaningfulLines', () => {
  it('keeps the last lines, without npm log chatter and blank lines', () => {
    const output = [
      'npm info using npm@11',
      'one',
      '',
      'npm http fetch GET 200 x',
      'two',
      'npm error code E404',
      'npm info ok',
    ].join('\n');
    expect(meaningfulLines(output, 2)).toEqual(['two', 'npm error code E404']);
    expect(meaningfulLines(output, 20)).toEqual(['one', 'two', 'npm error code E404']);
  });
});

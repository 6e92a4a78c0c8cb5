/**
 * Nest CLI monorepos (nest-cli.json with `projects`, one package.json at the root, apps
 * under apps/<name>/src): the app is found where `nest start` finds it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectFiles } from '../../../src/detect/project.js';
import { nestCliEntries } from '../../../src/frameworks/nest/nest-cli.js';
import { addWithoutInstall, copyFixture, read } from '../../helpers/fixtures.js';

function editCli(dir: string, edit: (config: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'nest-cli.json');
  const config = JSON.parse(read(dir, 'nest-cli.json')) as Record<string, unknown>;
  edit(config);
  writeFileSync(file, JSON.stringify(config, null, 2));
}

describe('nest-cli.json entries', () => {
  it('the default project first, then each application; libraries and paths outside the project are skipped', () => {
    const dir = copyFixture('nest-cli-monorepo');
    editCli(dir, (c) => {
      const projects = c.projects as Record<string, unknown>;
      projects.common = { type: 'library', root: 'libs/common', sourceRoot: 'libs/common/src' };
      projects.escape = { type: 'application', sourceRoot: '../elsewhere/src' };
      projects.admin = { type: 'application', sourceRoot: 'apps/admin/src', entryFile: 'server' };
    });
    expect(nestCliEntries(new ProjectFiles(dir))).toEqual([
      { file: 'apps/api/src/main', from: 'nest-cli.json (the default project)' },
      { file: 'apps/worker/src/main', from: 'nest-cli.json project "worker"' },
      { file: 'apps/admin/src/server', from: 'nest-cli.json project "admin"' },
    ]);
  });

  it('a default project that creates no HTTP app (a worker) gives way to the application that does', async () => {
    const dir = copyFixture('nest-cli-monorepo');
    editCli(dir, (c) => {
      c.sourceRoot = 'apps/worker/src';
      c.root = 'apps/worker';
    });
    const result = await addWithoutInstall(dir, { store: 'memory' });
    expect(result.framework.setupFile).toBe('apps/api/src/main.ts');
    expect(read(dir, 'apps/api/src/main.ts')).toContain('app.use(sessionMiddleware);');
    expect(read(dir, 'apps/worker/src/main.ts')).not.toContain('session');
  });

  it('without nest-cli.json the monorepo app is not guessed: add refuses with the lines to add', async () => {
    const dir = copyFixture('nest-cli-monorepo');
    writeFileSync(path.join(dir, 'nest-cli.json'), '{}');
    await expect(addWithoutInstall(dir, { store: 'memory' })).rejects.toThrow(/Could not find main\.ts/);
  });
});

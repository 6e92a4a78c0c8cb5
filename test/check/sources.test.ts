/**
 * check reads regular files only: a device behind a symlink, a FIFO, a file over the
 * size limit are skipped and named; symlink loops end.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/run.js';
import { ProjectSources } from '../../src/check/sources.js';
import { MAX_FILE_BYTES, ProjectFiles } from '../../src/detect/project.js';

function app(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-sources-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'app',
      main: 'src/app.js',
      dependencies: { express: '^4.21.2', 'express-session': '^1.18.1' },
    }),
  );
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(
    path.join(dir, 'src/app.js'),
    "const express = require('express');\nconst session = require('express-session');\nconst app = express();\napp.use(session({ secret: 'a1b2c3d4e5f6g7h8' }));\napp.listen(3000);\n",
  );
  return dir;
}

async function check(dir: string) {
  const [project] = (await runChecks(dir, [], false)).projects;
  return project;
}

describe('check reads regular files only', () => {
  it('a symlink to /dev/zero in src/ is skipped and named', async () => {
    const dir = app();
    symlinkSync('/dev/zero', path.join(dir, 'src/zero.js'));
    const project = await check(dir);
    expect(project.status).toBe('checked');
    expect(project.findings.map((f) => f.ruleId)).toEqual(['secret-literal']);
    expect(project.message).toBe('skipped src/zero.js: it is a symlink to a file outside the project');
  });

  it('a FIFO is skipped, not waited on', async () => {
    const dir = app();
    execFileSync('mkfifo', [path.join(dir, 'src/pipe.js')]);
    const project = await check(dir);
    expect(project.findings.map((f) => f.ruleId)).toEqual(['secret-literal']);
    expect(project.message).toBe('skipped src/pipe.js: it is not a regular file (a device, FIFO or socket)');
  }, 10_000);

  it(`a source over ${MAX_FILE_BYTES / 1024 / 1024} MB is skipped and named`, async () => {
    const dir = app();
    writeFileSync(path.join(dir, 'src/huge.js'), `// ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    const project = await check(dir);
    expect(project.findings.map((f) => f.ruleId)).toEqual(['secret-literal']);
    expect(project.message).toBe('skipped src/huge.js: it is larger than 8 MB');
  });

  it('a symlink loop (lib/x -> ../lib) ends, each file listed once', async () => {
    const dir = app();
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib/util.js'), 'module.exports = 1;\n');
    symlinkSync('../lib', path.join(dir, 'lib/x'));
    symlinkSync('..', path.join(dir, 'src/up'));
    expect(new ProjectSources(new ProjectFiles(dir)).list()).toEqual(['lib/util.js', 'src/app.js']);
    const project = await check(dir);
    expect(project.findings.map((f) => f.ruleId)).toEqual(['secret-literal']);
  }, 10_000);

  it('a symlinked source whose target is outside the project is not read, and named', async () => {
    const dir = app();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sk-outside-'));
    writeFileSync(
      path.join(outside, 'secret.js'),
      "const session = require('express-session');\nsession({ secret: 'outside-the-project-1' });\n",
    );
    symlinkSync(path.join(outside, 'secret.js'), path.join(dir, 'src/linked.js'));
    symlinkSync('app.js', path.join(dir, 'src/alias.js'));
    const sources = new ProjectSources(new ProjectFiles(dir));
    expect(sources.list()).toEqual(['src/alias.js', 'src/app.js']);
    expect(sources.skipped).toEqual([
      { file: 'src/linked.js', reason: 'it is a symlink to a file outside the project' },
    ]);
  });

  it('a folder whose real path is outside the project is not entered', () => {
    const dir = app();
    const outside = mkdtempSync(path.join(os.tmpdir(), 'sk-outside-'));
    writeFileSync(path.join(outside, 'other.js'), 'module.exports = 2;\n');
    symlinkSync(outside, path.join(dir, 'src/linked'));
    expect(new ProjectSources(new ProjectFiles(dir)).list()).toEqual(['src/app.js']);
  });
});

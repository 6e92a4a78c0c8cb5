/** A small app written to a temp folder and checked in-process: the findings of one rule. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runChecks } from '../../src/check/run.js';

/** `files` maps paths to contents (the first is package.json's main); extra files such as a Dockerfile go there too. */
export async function findingsIn(
  files: Record<string, string>,
  dependencies: Record<string, string>,
  rule: string,
): Promise<{ file: string; line: number; severity: string; message: string }[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-options-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'app', main: Object.keys(files)[0], dependencies }),
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const [project] = (await runChecks(dir, [], false)).projects;
  expect(project.status, project.message ?? '').toBe('checked');
  return project.findings
    .filter((f) => f.ruleId === rule)
    .map(({ file, line, severity, message }) => ({ file, line, severity, message }));
}

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/run.js';
import { parseJsonText } from '../../src/edit/json-text.js';
import { addWithoutInstall, copyFixture } from '../helpers/fixtures.js';

describe('package.json with a byte order mark (npm accepts it)', () => {
  it('parses', () => {
    expect(parseJsonText('\uFEFF{"name":"a"}')).toEqual({ name: 'a' });
    expect(() => parseJsonText('{"name":')).toThrow(SyntaxError);
  });

  it('add sets the app up and keeps the mark; check reads it', async () => {
    const dir = copyFixture('express4-cjs');
    const file = path.join(dir, 'package.json');
    writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8')}`);
    const plan = await addWithoutInstall(dir, { store: 'memory' });
    expect(plan.framework.id).toBe('express');
    expect(readFileSync(file, 'utf8').charCodeAt(0)).toBe(0xfeff);
    const [project] = (await runChecks(dir, [], false)).projects;
    expect(project.status).toBe('checked');
  });
});

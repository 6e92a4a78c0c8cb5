import { describe, expect, it } from 'vitest';
import { declareDependencies } from '../../bench/lib/installed.mjs';

describe('declaring what an install adds', () => {
  it('adds runtime and dev dependencies beside the ones already there, keeping other keys', () => {
    const before = JSON.stringify({
      name: 'app',
      type: 'module',
      dependencies: { express: '^5.1.0' },
      scripts: { start: 'node app.js' },
    });
    const after = JSON.parse(
      declareDependencies(before, [
        { name: 'express-session', version: '^1.18.1', dev: false },
        { name: '@types/express-session', version: '^1.18.1', dev: true },
      ]),
    );
    expect(Object.keys(after)).toEqual(['name', 'type', 'dependencies', 'scripts', 'devDependencies']);
    expect(after.dependencies).toEqual({ express: '^5.1.0', 'express-session': '^1.18.1' });
    expect(after.devDependencies).toEqual({ '@types/express-session': '^1.18.1' });
    expect(after.scripts).toEqual({ start: 'node app.js' });
  });

  it('ends the file with a newline, two-space indented', () => {
    expect(declareDependencies('{"name":"a"}', [{ name: 'b', version: '1.0.0', dev: false }])).toBe(
      '{\n  "name": "a",\n  "dependencies": {\n    "b": "1.0.0"\n  }\n}\n',
    );
  });
});

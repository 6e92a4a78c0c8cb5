/**
 * moduleSessionUse: a module and the relative modules it imports, judged by what they
 * name; "never" only when every module was read and none can reach the session.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectFiles } from '../../../src/detect/project.js';
import { moduleSessionUse } from '../../../src/edit/js/session-use.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): ProjectFiles {
  const root = mkdtempSync(path.join(tmpdir(), 'session-use-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return new ProjectFiles(root);
}

describe('moduleSessionUse', () => {
  it('reads: a module whose import reads request.session', () => {
    const files = project({
      'src/app.js': "import profile from './profile.js';\nexport default async (f) => f.register(profile);\n",
      'src/profile.js': "export default async (f) => f.get('/me', (r) => r.session.get('id'));\n",
    });
    expect(moduleSessionUse(files, 'src/server.js', './app.js')).toBe('reads');
  });

  it('never: a module and its imports that name no session', () => {
    const files = project({
      'src/app.js': "import health from './health.js';\nexport default async (f) => f.register(health);\n",
      'src/health.js': "export default async (f) => f.get('/health', () => 'ok');\n",
    });
    expect(moduleSessionUse(files, 'src/server.js', './app.js')).toBe('never');
  });

  it('unknown: a module that autoloads a folder (its plugins are not imports)', () => {
    const files = project({
      'src/app.js': [
        "import AutoLoad from '@fastify/autoload';",
        "import { join } from 'node:path';",
        "export default async (f) => f.register(AutoLoad, { dir: join(import.meta.dirname, 'routes') });",
        '',
      ].join('\n'),
      'src/routes/profile.js': "export default async (f) => f.get('/me', (r) => r.session.get('id'));\n",
    });
    expect(moduleSessionUse(files, 'src/server.js', './app.js')).toBe('unknown');
  });
});

/**
 * The plugins folder of an @fastify/autoload app: which plugin files register
 * @fastify/cookie or a session plugin, so `add` reuses the cookie and `check`
 * sees the session registered by a plugin file.
 */
import { followAliases } from '../../detect/import-aliases.js';
import path from 'node:path';
import type { Project } from '../../detect/project.js';
import { moduleReaders } from '../../edit/js/setup-source.js';
import { parseJs } from '../../edit/js/parse.js';
import type { SessionStep } from '../types.js';
import { findFastifyApp } from './recognise.js';

const PLUGIN_FILE = /\.(?:[cm]?js|[cm]?ts)$/;

/** @fastify/autoload loads sub-folders too (`plugins/auth/session.ts`); a few levels are read. */
const MAX_DEPTH = 3;

export async function recognisePluginsDir(project: Project, dir: string, depth = 0): Promise<SessionStep[]> {
  const steps: SessionStep[] = [];
  for (const name of project.files.list(dir).sort()) {
    const file = path.posix.join(dir, name);
    if (project.files.isDirectory(file)) {
      if (depth < MAX_DEPTH && name !== 'node_modules' && !name.startsWith('.'))
        steps.push(...(await recognisePluginsDir(project, file, depth + 1)));
      continue;
    }
    if (!PLUGIN_FILE.test(name) || name.endsWith('.d.ts')) continue;
    const text = project.files.read(file);
    if (text === null || !/register\s*\(/.test(text)) continue;
    let ast;
    try {
      ast = followAliases(await parseJs(text, file), project.files, file);
    } catch {
      // A plugin file that does not parse registers nothing we can see; the app fails on it anyway.
      continue;
    }
    const readers = moduleReaders(project, file);
    const app = findFastifyApp(ast, text, file, readers.readModule, readers.sessionUseOf);
    if (app)
      steps.push(...app.steps.filter((s) => ['cookie', 'session', 'other-session', 'passport'].includes(s.kind)));
  }
  return steps;
}

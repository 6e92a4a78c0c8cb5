/**
 * A crate's module files as cargo resolves them: `mod x;` in main.rs/lib.rs/mod.rs means
 * x.rs or x/mod.rs beside it, in x.rs it means x/y.rs. Read through ProjectFiles by
 * regular expressions over comment-free text (cheap, no parser), for axum and actix-web.
 */
import path from 'node:path';
import type { ProjectFiles } from '../../detect/project.js';
import { rustCode } from '../../edit/rust/code.js';

const MOD_DECL = /^\s*(?:pub(?:\s*\([^)]*\))?\s+)?mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;/gm;

function join(...parts: string[]): string {
  return path.posix.join(...parts.filter((p) => p !== ''));
}

/** Files of the modules declared (`mod x;`) in `file`, as cargo resolves them. */
export function declaredModules(files: ProjectFiles, file: string, text: string): string[] {
  const dir = path.posix.dirname(file);
  const base = path.posix.basename(file);
  // main.rs, lib.rs and mod.rs own their folder; x.rs owns x/.
  const owner = /^(?:main|lib|mod)\.rs$/.test(base) ? dir : join(dir, base.replace(/\.rs$/, ''));
  const out: string[] = [];
  for (const m of rustCode(text).matchAll(MOD_DECL)) {
    const name = m[1];
    const candidates = [join(owner, `${name}.rs`), join(owner, name, 'mod.rs')];
    const found = candidates.find((c) => files.read(c) !== null);
    if (found) out.push(found);
  }
  return out;
}

/** The module files reachable from `root` (itself first), in breadth-first order. */
export function walkModules(files: ProjectFiles, root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length && queue.length < 2000; i++) {
    const text = files.read(queue[i]);
    if (text === null) continue;
    for (const next of declaredModules(files, queue[i], text)) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return queue;
}

/**
 * Blueprint shapes beyond the two fixtures: from![*], no bp.import at all,
 * INJECT already after a route, and the fix-order repair.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, planAdd, useWorkspaceDependencies, writePlan } from './harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BP = 'crates/api/src/blueprint.rs';

function custom(change: (text: string) => string): string {
  const dir = copyFixture('pavex-custom');
  dirs.push(dir);
  const abs = path.join(dir, BP);
  writeFileSync(abs, change(readFileSync(abs, 'utf8')));
  return dir;
}

async function blueprintAfter(dir: string, fixOrder = false): Promise<{ text: string; warnings: string[] }> {
  const plan = await planAdd(dir, 'memory', dir, fixOrder);
  const file = plan.files.find((f) => f.path === BP);
  return { text: file?.after ?? '', warnings: plan.warnings };
}

describe('blueprint shapes', () => {
  it('from![*] already imports every dependency: the import is left alone', async () => {
    const dir = custom((t) => t.replace('bp.import(from![crate, pavex]);', 'bp.import(from![*]);'));
    const { text } = await blueprintAfter(dir);
    expect(text).toContain(
      '    bp.import(from![*]);\r\n    bp.post_process(FINALIZE_SESSION);\r\n    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n',
    );
  });

  it('no bp.import: adds one with pavex, pavex_session and the store, and brings `from` into scope', async () => {
    const dir = custom((t) =>
      t.replace('    bp.import(from![crate, pavex]);\r\n', '').replace('use pavex::blueprint::from;\r\n', ''),
    );
    const { text } = await blueprintAfter(dir);
    expect(text).toContain(
      '    let mut bp = Blueprint::new();\r\n    bp.import(from![pavex, pavex_session, pavex_session_memory_store]);\r\n    bp.post_process(FINALIZE_SESSION);\r\n    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n',
    );
    expect(text).toMatch(/^use pavex::blueprint::from;\r$/m);
  });

  it('INJECT after a route: FINALIZE still goes before the first route, with a warning naming both lines', async () => {
    const dir = custom((t) =>
      t
        .replace('    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n', '')
        .replace(
          '    bp.nest(internal());\r\n',
          '    bp.nest(internal());\r\n    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n',
        ),
    );
    const { text, warnings } = await blueprintAfter(dir);
    expect(text.indexOf('bp.post_process(FINALIZE_SESSION);')).toBeLessThan(text.indexOf('bp.route(routes::INDEX);'));
    expect(warnings.join('\n')).toMatch(
      /blueprint\.rs:17: INJECT_RESPONSE_COOKIES is registered after a route \(line 13\)/,
    );
  });

  it('fix-order moves FINALIZE_SESSION above INJECT_RESPONSE_COOKIES and the result is stable', async () => {
    const dir = custom((t) =>
      t
        .replace('use pavex::Blueprint;\r\n', 'use pavex::Blueprint;\r\nuse pavex_session::FINALIZE_SESSION;\r\n')
        .replace(
          'bp.import(from![crate, pavex]);',
          'bp.import(from![crate, pavex, pavex_session, pavex_session_memory_store]);',
        )
        .replace(
          '    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n',
          '    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n    bp.post_process(FINALIZE_SESSION);\r\n',
        ),
    );
    const { text, warnings } = await blueprintAfter(dir, true);
    expect(text).toContain(
      '    bp.post_process(FINALIZE_SESSION);\r\n    bp.post_process(INJECT_RESPONSE_COOKIES);\r\n\r\n    // Routes',
    );
    expect(text.match(/FINALIZE_SESSION\)/g)).toHaveLength(1);
    expect(warnings.join('\n')).toMatch(/Moved bp\.post_process\(FINALIZE_SESSION\); from line 13/);
    writePlan(dir, await planAdd(dir, 'memory', dir, true));
    const again = await planAdd(dir, 'memory', dir, true);
    expect(again.files.filter((f) => f.before !== f.after)).toEqual([]);
  });
});

describe('line endings of the other files', () => {
  it('CRLF Cargo.toml and base.yml stay CRLF, and their original lines stay intact', async () => {
    const dir = copyFixture('pavex-custom');
    dirs.push(dir);
    for (const rel of ['crates/api/Cargo.toml', 'configuration/base.yml']) {
      const abs = path.join(dir, rel);
      writeFileSync(abs, readFileSync(abs, 'utf8').replace(/\n/g, '\r\n'));
    }
    const plan = await planAdd(dir, 'sqlite');
    for (const rel of ['crates/api/Cargo.toml', 'configuration/base.yml']) {
      const file = plan.files.find((f) => f.path === rel);
      expect(file?.after, rel).toBeTruthy();
      expect(file?.after?.replace(/\r\n/g, '').includes('\n'), `${rel}: bare LF`).toBe(false);
      for (const line of (file?.before ?? '').split('\r\n').filter((l) => !l.startsWith('sqlx =')))
        expect(file?.after?.split('\r\n')).toContain(line);
    }
  });
});

describe('pavex as a workspace dependency', () => {
  it('session crates become workspace dependencies too, and a second run is a no-op', async () => {
    const dir = copyFixture('pavex-new');
    dirs.push(dir);
    useWorkspaceDependencies(dir);
    const plan = await planAdd(dir, 'postgres');
    const app = plan.files.find((f) => f.path === 'app/Cargo.toml')?.after ?? '';
    const root = plan.files.find((f) => f.path === 'Cargo.toml')?.after ?? '';
    expect(app).toContain(
      'pavex_session = { workspace = true }\npavex_session_sqlx = { workspace = true, features = ["postgres"] }\n',
    );
    expect(
      root.endsWith(
        '[workspace.dependencies]\npavex = "0.2.10"\npavex_session = "0.2.10"\npavex_session_sqlx = "0.2.10"\n',
      ),
    ).toBe(true);
    writePlan(dir, plan);
    const again = await planAdd(dir, 'postgres');
    expect(again.files.filter((f) => f.before !== f.after).map((f) => f.path)).toEqual([]);
  });
});

/**
 * Pavex's Cargo.toml edits (src/frameworks/pavex/cargo-toml.ts), made of the TOML
 * splices of src/edit/toml.ts. Unless a test says otherwise, each expected text is
 * what toml_edit (@rainbowatcher/toml-edit-js 0.6.5, used before) produced for the
 * same edit.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { editCargoToml } from '../../../src/frameworks/pavex/cargo-toml.js';
import type { PavexApp } from '../../../src/frameworks/pavex/detect.js';

const APP = { manifest: 'app/Cargo.toml', workspaceDependency: false } as PavexApp;

/** Every line of `before` but `changed` is in `after`, in the same order. */
function expectLinesKept(before: string, after: string, changed: string[] = []): void {
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const lines = after.split(eol);
  let at = 0;
  for (const line of before.split(eol).filter((l) => !changed.includes(l))) {
    const found = lines.indexOf(line, at);
    expect(found, `kept: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(at);
    at = found + 1;
  }
}

describe('editCargoToml', () => {
  it('adds the crates to a CRLF manifest without a final newline, turning a sqlx version into a table', () => {
    const before =
      '[package]\r\nname = "app"\r\n\r\n[dependencies]\r\n# Web\r\npavex = "0.2.10"\r\nsqlx = "0.8" # pool\r\nserde = "1"';
    const edit = editCargoToml(before, APP, 'postgres', '0.2.10');
    expect(edit.after).toBe(
      '[package]\r\nname = "app"\r\n\r\n[dependencies]\r\n# Web\r\npavex = "0.2.10"\r\n' +
        'sqlx = { version = "0.8", features = ["postgres", "runtime-tokio-rustls"] } # pool\r\nserde = "1"\r\n' +
        'pavex_session = "0.2.10"\r\npavex_session_sqlx = { version = "0.2.10", features = ["postgres"] }',
    );
    expect(edit.added.map((d) => [d.name, d.features])).toEqual([
      ['pavex_session', []],
      ['pavex_session_sqlx', ['postgres']],
      ['sqlx', ['postgres', 'runtime-tokio-rustls']],
    ]);
    expectLinesKept(before, edit.after, ['sqlx = "0.8" # pool']);
    expect(edit.after.replace(/\r\n/g, '')).not.toContain('\n');
    const again = editCargoToml(edit.after, APP, 'postgres', '0.2.10');
    expect(again.after).toBe(edit.after);
    expect(again.added).toEqual([]);
  });

  it('adds the sqlx backend to a [dependencies.sqlx] section that has a runtime', () => {
    const before =
      '[package]\nname = "app"\n\n[dependencies]\npavex = { version = "0.2.10" }\n\n[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["runtime-tokio", "tls-rustls"]\n\n# Tests\n[dev-dependencies]\ninsta = "1"\n';
    const edit = editCargoToml(before, APP, 'mysql', '0.2.10');
    expect(edit.after).toBe(
      '[package]\nname = "app"\n\n[dependencies]\npavex = { version = "0.2.10" }\n' +
        'pavex_session = { version = "0.2.10" }\npavex_session_sqlx = { version = "0.2.10", features = ["mysql"] }\n\n' +
        '[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["runtime-tokio", "tls-rustls", "mysql"]\n\n# Tests\n[dev-dependencies]\ninsta = "1"\n',
    );
    expectLinesKept(before, edit.after, ['features = ["runtime-tokio", "tls-rustls"]']);
    expect(editCargoToml(edit.after, APP, 'mysql', '0.2.10').after).toBe(edit.after);
  });

  it('adds features to an inline sqlx table, and creates [dependencies] beside [dependencies.pavex] (toml_edit failed there)', () => {
    const inline = '[dependencies]\npavex = "0.2.10"\nsqlx = { version = "0.8", default-features = false }\n';
    expect(editCargoToml(inline, APP, 'sqlite', '0.2.10').after).toBe(
      '[dependencies]\npavex = "0.2.10"\nsqlx = { version = "0.8", default-features = false , features = ["sqlite", "runtime-tokio-rustls"]}\n' +
        'pavex_session = "0.2.10"\npavex_session_sqlx = { version = "0.2.10", features = ["sqlite"] }\n',
    );
    const none = '[package]\nname = "app"\n\n[dependencies.pavex]\nversion = "0.2.10"\n';
    const edit = editCargoToml(none, APP, 'redis', '0.2.10');
    expect(edit.after).toBe(
      '[package]\nname = "app"\n\n[dependencies]\npavex_session = { version = "0.2.10" }\npavex_session_redis = { version = "0.2.10" }\n' +
        'redis = { version = "0.31", features = ["tokio-comp", "connection-manager"] }\n\n[dependencies.pavex]\nversion = "0.2.10"\n',
    );
    expect(editCargoToml(edit.after, APP, 'redis', '0.2.10').after).toBe(edit.after);
  });

  it('declares the crates in [workspace.dependencies] when pavex comes from the workspace', () => {
    const app = { ...APP, workspaceDependency: true };
    const manifest =
      '[package]\nname = "app"\n\n[dependencies]\npavex = { workspace = true }\nsqlx = { workspace = true }\n';
    const root = {
      path: 'Cargo.toml',
      text: '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\npavex = "0.2.10"\nsqlx = "0.8"\n\n[profile.dev]\ndebug = 0\n',
    };
    const edit = editCargoToml(manifest, app, 'postgres', '0.2.10', root);
    expect(edit.after).toBe(
      '[package]\nname = "app"\n\n[dependencies]\npavex = { workspace = true }\nsqlx = { workspace = true , features = ["postgres", "runtime-tokio-rustls"] }\n' +
        'pavex_session = { workspace = true }\npavex_session_sqlx = { workspace = true, features = ["postgres"] }\n',
    );
    expect(edit.workspace).toEqual({
      path: 'Cargo.toml',
      before: root.text,
      after:
        '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\npavex = "0.2.10"\nsqlx = "0.8"\npavex_session = "0.2.10"\npavex_session_sqlx = "0.2.10"\n\n[profile.dev]\ndebug = 0\n',
    });
    expectLinesKept(root.text, edit.workspace?.after ?? '');
    const again = editCargoToml(edit.after, app, 'postgres', '0.2.10', {
      path: 'Cargo.toml',
      text: edit.workspace?.after ?? '',
    });
    expect([again.after, again.workspace, again.added]).toEqual([edit.after, null, []]);
  });

  it('edits one manifest when the app crate is the workspace root', () => {
    const app = { ...APP, manifest: 'Cargo.toml', workspaceDependency: true };
    const text =
      '[package]\nname = "app"\n\n[dependencies]\npavex = { workspace = true }\n\n[workspace]\n\n[workspace.dependencies]\npavex = { version = "0.2.10" }\n';
    const edit = editCargoToml(text, app, 'memory', '0.2.10', { path: 'Cargo.toml', text });
    expect(edit.after).toBe(
      '[package]\nname = "app"\n\n[dependencies]\npavex = { workspace = true }\npavex_session = { workspace = true }\npavex_session_memory_store = { workspace = true }\n\n' +
        '[workspace]\n\n[workspace.dependencies]\npavex = { version = "0.2.10" }\npavex_session = { version = "0.2.10" }\npavex_session_memory_store = { version = "0.2.10" }\n',
    );
    expect(edit.workspace).toBeNull();
    expect(editCargoToml(edit.after, app, 'memory', '0.2.10', { path: 'Cargo.toml', text: edit.after }).after).toBe(
      edit.after,
    );
  });

  it('refuses a manifest that is not TOML, naming the file and line', () => {
    const error = (() => {
      try {
        editCargoToml(
          '[package]\nname = "app"\n\n[dependencies]\npavex = "0.2.10"\npavex = "0.2.9"\n',
          APP,
          'memory',
          '0.2.10',
        );
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'parse-error', where: { file: 'app/Cargo.toml', line: 6 } });
    expect((error as UserError).message).toMatch(/^app\/Cargo\.toml is not valid TOML: /);
  });
});

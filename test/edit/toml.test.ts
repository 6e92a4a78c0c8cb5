/**
 * TOML edits as splices (src/edit/toml.ts). Unless a test says otherwise, each
 * expected text is what toml_edit (@rainbowatcher/toml-edit-js 0.6.5, used before)
 * produced for the same edit.
 */
import { describe, expect, it } from 'vitest';
import { readToml, setToml, tomlSetSplice, type TomlValue } from '../../src/edit/toml.js';

function valueAt(doc: Record<string, unknown>, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

/**
 * Sets `path` in `before`, expects `after`, and checks that the one splice removed
 * exactly `removed` (nothing for an insertion), so every other byte is the original's,
 * and that the new value reads back.
 */
function expectSet(before: string, path: string, value: TomlValue, after: string, removed = ''): void {
  const keys = path.split('.');
  const splice = tomlSetSplice(before, keys, value);
  expect(before.slice(splice.start, splice.end)).toBe(removed);
  expect(before.slice(0, splice.start) + splice.text + before.slice(splice.end)).toBe(after);
  expect(setToml(before, keys, value)).toBe(after);
  expect(valueAt(readToml(after), keys)).toEqual(value);
}

describe('readToml', () => {
  it('gives [dependencies] and [workspace.dependencies] as objects, sub-tables and dotted keys included', () => {
    const doc = readToml(
      '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\npavex = "0.2.10"\n\n' +
        '[dependencies]\npavex = { workspace = true }\nserde.version = "1"\n\n[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["postgres"]\n',
    );
    expect(valueAt(doc, ['workspace', 'dependencies'])).toEqual({ pavex: '0.2.10' });
    expect(doc.dependencies).toEqual({
      pavex: { workspace: true },
      serde: { version: '1' },
      sqlx: { version: '0.8', features: ['postgres'] },
    });
  });
});

describe('a new key in [dependencies]', () => {
  const base = '[package]\nname = "app"\n\n[dependencies]\npavex = "0.2.10"\n';

  it.each<[string, TomlValue, string]>([
    ['a version', '0.2.10', 'pavex_session = "0.2.10"'],
    ['a version table', { version: '0.2.10' }, 'pavex_session = { version = "0.2.10" }'],
    [
      'a version and features',
      { version: '0.2.10', features: ['postgres'] },
      'pavex_session = { version = "0.2.10", features = ["postgres"] }',
    ],
    ['a workspace dependency', { workspace: true }, 'pavex_session = { workspace = true }'],
    [
      'a workspace dependency with features',
      { workspace: true, features: ['postgres', 'mysql'] },
      'pavex_session = { workspace = true, features = ["postgres", "mysql"] }',
    ],
  ])('%s goes on a line of its own after the last entry', (_, value, line) => {
    expectSet(base, 'dependencies.pavex_session', value, `${base}${line}\n`);
  });

  it('goes before the blank lines and comments that lead to the next header', () => {
    expectSet(
      '[dependencies]\npavex = "0.2.10"\n\n# Test-only\n[dev-dependencies]\ninsta = "1"\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[dependencies]\npavex = "0.2.10"\npavex_session = "0.2.10"\n\n# Test-only\n[dev-dependencies]\ninsta = "1"\n',
    );
  });

  it('goes before comments that end the file, and after a value spread over lines', () => {
    expectSet(
      '[dependencies]\nserde = { version = "1", features = [\n  "derive",\n] }  # serde\n# more later\n\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[dependencies]\nserde = { version = "1", features = [\n  "derive",\n] }  # serde\npavex_session = "0.2.10"\n# more later\n\n',
    );
  });

  it('in an empty table goes right under the header', () => {
    expectSet(
      '[dependencies] # none yet\n\n[features]\ndefault = []\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[dependencies] # none yet\npavex_session = "0.2.10"\n\n[features]\ndefault = []\n',
    );
  });

  it('keeps a file without a final newline without one', () => {
    expectSet(
      '[dependencies]\npavex = "0.2.10"',
      'dependencies.pavex_session',
      '0.2.10',
      '[dependencies]\npavex = "0.2.10"\npavex_session = "0.2.10"',
    );
    expectSet(
      '[package]\nname = "app"\n\n[dependencies]',
      'dependencies.pavex_session',
      '0.2.10',
      '[package]\nname = "app"\n\n[dependencies]\npavex_session = "0.2.10"',
    );
  });

  it('keeps a CRLF file CRLF', () => {
    expectSet(
      '[dependencies]\r\npavex = "0.2.10"\r\n\r\n[features]\r\n',
      'dependencies.sqlx',
      { version: '0.8', features: ['postgres'] },
      '[dependencies]\r\npavex = "0.2.10"\r\nsqlx = { version = "0.8", features = ["postgres"] }\r\n\r\n[features]\r\n',
    );
  });

  it('copies the spacing after `=` of the last entry, as toml_edit does', () => {
    expectSet(
      '[dependencies]\npavex   =   "0.2.10"\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[dependencies]\npavex   =   "0.2.10"\npavex_session =   "0.2.10"\n',
    );
  });

  it('quotes a key that cannot be bare and writes a backslash in a literal string', () => {
    expectSet('[dependencies]\n', 'dependencies.my crate', 'C:\\x', '[dependencies]\n"my crate" = \'C:\\x\'\n');
  });
});

describe('a missing table', () => {
  it('is written after the last section, a blank line before it', () => {
    expectSet(
      '[package]\nname = "app"\n\n[lib]\npath = "src/lib.rs"\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[package]\nname = "app"\n\n[lib]\npath = "src/lib.rs"\n\n[dependencies]\npavex_session = "0.2.10"\n',
    );
  });

  it('goes before the comments that end the file, and keeps a missing final newline missing', () => {
    expectSet(
      '[package]\nname = "app"\n# the end\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[package]\nname = "app"\n\n[dependencies]\npavex_session = "0.2.10"\n# the end\n',
    );
    expectSet(
      '[package]\r\nname = "app"',
      'dependencies.pavex_session',
      '0.2.10',
      '[package]\r\nname = "app"\r\n\r\n[dependencies]\r\npavex_session = "0.2.10"',
    );
  });

  it('that exists only through [dependencies.x] sections is written before the first of them (toml_edit failed here)', () => {
    expectSet(
      '[package]\nname = "app"\n\n# The pool\n[dependencies.sqlx]\nversion = "0.8"\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[package]\nname = "app"\n\n[dependencies]\npavex_session = "0.2.10"\n\n# The pool\n[dependencies.sqlx]\nversion = "0.8"\n',
    );
  });

  it('an empty [dependencies] followed by its sub-sections gets the key under its header (toml_edit failed here)', () => {
    expectSet(
      '[dependencies]\n\n[dependencies.sqlx]\nversion = "0.8"\n',
      'dependencies.pavex_session',
      '0.2.10',
      '[dependencies]\npavex_session = "0.2.10"\n\n[dependencies.sqlx]\nversion = "0.8"\n',
    );
  });
});

describe('replacing a value', () => {
  it('turns a version string into a table in place, keeping the spacing and comment around it', () => {
    expectSet(
      '[dependencies]\nsqlx   =   "0.8"  # db\nserde = "1"\n',
      'dependencies.sqlx',
      { version: '0.8', features: ['runtime-tokio-rustls', 'postgres'] },
      '[dependencies]\nsqlx   =   { version = "0.8", features = ["runtime-tokio-rustls", "postgres"] }  # db\nserde = "1"\n',
      '"0.8"',
    );
  });

  it('replaces the features of an inline table', () => {
    expectSet(
      '[dependencies]\nsqlx = { version = "0.8", features = ["macros"], default-features = false }\n',
      'dependencies.sqlx.features',
      ['macros', 'postgres'],
      '[dependencies]\nsqlx = { version = "0.8", features = ["macros", "postgres"], default-features = false }\n',
      '["macros"]',
    );
  });

  it('replaces the features line of a [dependencies.sqlx] section, a multi-line array becoming one line', () => {
    expectSet(
      '[dependencies.sqlx]\nversion = "0.8"\nfeatures = [\n  "macros", # queries\n]  # keep\ndefault-features = false\n',
      'dependencies.sqlx.features',
      ['macros', 'postgres'],
      '[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["macros", "postgres"]  # keep\ndefault-features = false\n',
      '[\n  "macros", # queries\n]',
    );
  });
});

describe('adding features', () => {
  // toml_edit's spacing for a key added to an inline table, reproduced as it was: a key
  // sorting after every present one also takes the space before `}` (the third column).
  it.each([
    ['{ version = "0.8" }', '{ version = "0.8" , features = ["postgres"] }', ''],
    ['{ workspace = true }', '{ workspace = true , features = ["postgres"] }', ''],
    [
      '{ version = "0.8", default-features = false }',
      '{ version = "0.8", default-features = false , features = ["postgres"]}',
      '',
    ],
    ['{ default-features = false }', '{ default-features = false, features = ["postgres"]}', ' '],
    ['{version="0.8"}', '{version="0.8", features =["postgres"]}', ''],
    ['{}', '{ features = ["postgres"] }', ''],
  ])('to the inline table %s', (table, expected, removed) => {
    expectSet(
      `[dependencies]\nsqlx = ${table}\n`,
      'dependencies.sqlx.features',
      ['postgres'],
      `[dependencies]\nsqlx = ${expected}\n`,
      removed,
    );
  });

  it('to a [dependencies.sqlx] section: a line after its last key', () => {
    expectSet(
      '[dependencies.sqlx]\nversion = "0.8"\n\n# Tests\n[dev-dependencies]\ninsta = "1"\n',
      'dependencies.sqlx.features',
      ['postgres'],
      '[dependencies.sqlx]\nversion = "0.8"\nfeatures = ["postgres"]\n\n# Tests\n[dev-dependencies]\ninsta = "1"\n',
    );
  });

  it('to dotted keys: a dotted key after the last of them', () => {
    expectSet(
      '[dependencies]\nsqlx.version = "0.8"\nserde = "1"\n',
      'dependencies.sqlx.features',
      ['postgres'],
      '[dependencies]\nsqlx.version = "0.8"\nsqlx.features = ["postgres"]\nserde = "1"\n',
    );
  });

  it('refuses a key under a plain value', () => {
    expect(() =>
      tomlSetSplice('[dependencies]\nsqlx = "0.8"\n', ['dependencies', 'sqlx', 'features'], ['postgres']),
    ).toThrow(/dependencies\.sqlx is a value/);
  });

  it('refuses to write a value over a table, and a section into an array of tables', () => {
    expect(() => tomlSetSplice('[dependencies]\nsqlx.version = "0.8"\n', ['dependencies', 'sqlx'], '0.8')).toThrow(
      /dependencies\.sqlx: it is a table/,
    );
    expect(() => tomlSetSplice('[dependencies.sqlx]\nversion = "0.8"\n', ['dependencies', 'sqlx'], '0.8')).toThrow(
      /dependencies\.sqlx: it is a table/,
    );
    expect(() => tomlSetSplice('[[bin]]\nname = "app"\n', ['bin', 'path'], 'src/main.rs')).toThrow(
      /bin is an array of tables/,
    );
  });
});

describe('[workspace.dependencies]', () => {
  it('gains a line after its last entry', () => {
    expectSet(
      '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\npavex = "0.2.10"\n\n[profile.dev]\ndebug = 0\n',
      'workspace.dependencies.pavex_session',
      '0.2.10',
      '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\npavex = "0.2.10"\npavex_session = "0.2.10"\n\n[profile.dev]\ndebug = 0\n',
    );
  });

  it('when missing, is written after the last [workspace.*] section rather than at the end', () => {
    expectSet(
      '[workspace]\nmembers = ["app"]\n\n[workspace.package]\nedition = "2024"\n\n[profile.release]\nlto = true\n',
      'workspace.dependencies.pavex_session',
      { version: '0.2.10' },
      '[workspace]\nmembers = ["app"]\n\n[workspace.package]\nedition = "2024"\n\n[workspace.dependencies]\npavex_session = { version = "0.2.10" }\n\n[profile.release]\nlto = true\n',
    );
  });

  it('when missing, follows [workspace.package] even when [workspace] itself comes later', () => {
    expectSet(
      '[workspace.package]\nedition = "2024"\n\n[profile.dev]\ndebug = 0\n\n[workspace]\nmembers = ["app"]\n',
      'workspace.dependencies.pavex_session',
      '0.2.10',
      '[workspace.package]\nedition = "2024"\n\n[workspace.dependencies]\npavex_session = "0.2.10"\n\n[profile.dev]\ndebug = 0\n\n[workspace]\nmembers = ["app"]\n',
    );
  });

  it('when [workspace] is missing too, both are written at the end', () => {
    expectSet(
      '[package]\nname = "app"\n',
      'workspace.dependencies.pavex_session',
      '0.2.10',
      '[package]\nname = "app"\n\n[workspace]\n\n[workspace.dependencies]\npavex_session = "0.2.10"\n',
    );
  });
});

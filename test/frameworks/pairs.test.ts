/**
 * Every input/expected pair, for every framework: each test/fixtures/<name>/input with
 * expected/<store>/ folders is copied, `add --store <store>` is planned and written
 * in-process (no install), and then
 * - the files it touches equal expected/<store>/ (UPDATE_EXPECTED=1 rewrites them);
 * - every file it writes parses (JS/TS, Rust, TOML, JSON, YAML);
 * - original text is kept (helpers/fixtures.ts `expectOriginalTextKept`);
 * - a second run changes nothing and installs nothing;
 * - Node's own checks pass: `node --check` on every JS file written, `tsc --noEmit`
 *   under the fixture's own tsconfig (helpers/node-checks.ts).
 * A fixture joins by having input/ and expected/; nothing here names a framework.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseJs } from '../../src/edit/js/parse.js';
import { parseRust } from '../../src/edit/rust/parse.js';
import { readToml } from '../../src/edit/toml.js';
import { FRAMEWORKS } from '../../src/frameworks/registry.js';
import { expectNodeChecks } from '../helpers/node-checks.js';
import {
  addWithoutInstall,
  copyFixture,
  expectAddProperties,
  expectMatchesExpected,
  FIXTURES,
  read,
} from '../helpers/fixtures.js';

// Migration file names carry a timestamp: pin the clock so expected outputs are stable.
process.env.SOURCE_DATE_EPOCH = '1767225600';

function pairs(): [string, string][] {
  const out: [string, string][] = [];
  for (const fixture of readdirSync(FIXTURES).sort()) {
    const expected = path.join(FIXTURES, fixture, 'expected');
    if (!existsSync(path.join(FIXTURES, fixture, 'input')) || !existsSync(expected)) continue;
    for (const store of readdirSync(expected).sort()) out.push([fixture, store]);
  }
  return out;
}

/** Throws, or fails the test, when `text` does not parse in the language of `file`. */
async function expectParses(file: string, text: string): Promise<void> {
  const name = path.basename(file);
  if (/\.[cm]?[jt]sx?$/.test(name)) await parseJs(text, file);
  else if (name.endsWith('.rs')) {
    const tree = await parseRust(text);
    expect(tree.rootNode.hasError, `${file}: Rust syntax error`).toBe(false);
  } else if (name.endsWith('.toml')) readToml(text);
  else if (name.endsWith('.json')) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true });
    expect(errors, `${file}: JSON syntax error`).toEqual([]);
  } else if (/\.ya?ml$/.test(name)) expect(parseDocument(text).errors.map(String), `${file}: YAML error`).toEqual([]);
}

const PAIRS = pairs();

describe('input/expected pairs', () => {
  it('are found for every framework of the registry', () => {
    const fixtures = PAIRS.map(([fixture]) => fixture);
    for (const id of FRAMEWORKS.map((f) => f.id))
      expect(
        fixtures.some((name) => name.startsWith(`${id}-`)),
        id,
      ).toBe(true);
  });

  it.each(PAIRS)(
    '%s: add --store %s matches the expected output and keeps every property',
    async (fixture, store) => {
      const dir = copyFixture(fixture);
      const result = await addWithoutInstall(dir, { store });
      expectMatchesExpected(fixture, store, dir, result);
      for (const file of result.files)
        if (file.after !== null && file.after !== file.before) await expectParses(file.path, read(dir, file.path));
      await expectNodeChecks(
        dir,
        result.files.filter((f) => f.after !== null && f.after !== f.before).map((f) => f.path),
      );
      await expectAddProperties(dir, result, { store });
      // The first TypeScript pair parses the standard library (kept for the next ones): slow on a loaded machine.
    },
    90_000,
  );
});

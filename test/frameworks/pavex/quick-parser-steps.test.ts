/**
 * `check` reads blueprint.rs with the quick parser when it can: the steps it finds
 * must be those tree-sitter's tree gives, and anything the quick parser declines
 * (unusual code, syntax errors) is read by tree-sitter as before.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { analyseBlueprint, stepsOf } from '../../../src/frameworks/pavex/blueprint.js';
import { parseRust } from '../../../src/edit/rust/parse.js';
import { parseRustSubset } from '../../../src/edit/rust/subset/parser.js';
import type { RustNode } from '../../../src/edit/rust/syntax-node.js';
import { fixtureRustFiles, generatedBlueprint, mutated } from '../../edit/rust/subset/corpus.js';

async function steps(text: string, quick: boolean): Promise<unknown> {
  // analyseBlueprint would itself try the quick parser first: tree-sitter's tree is given explicitly.
  const parsed: RustNode | null = quick
    ? parseRustSubset(text)
    : ((await parseRust(text)).rootNode as unknown as RustNode);
  if (!parsed) return 'declined';
  try {
    return stepsOf(await analyseBlueprint('src/blueprint.rs', text, 'manual', parsed));
  } catch (error) {
    if (error instanceof UserError) return { error: error.message, where: error.where, code: error.code };
    throw error;
  }
}

describe('blueprint steps from the quick parser', () => {
  it('equal tree-sitter’s for the fixtures, generated blueprints and their mutations', async () => {
    const texts = [
      ...fixtureRustFiles()
        .filter((f) => f.name.endsWith('blueprint.rs'))
        .map((f) => f.text),
      ...Array.from({ length: 300 }, (_, i) => generatedBlueprint(i + 1)),
      ...Array.from({ length: 1500 }, (_, i) => mutated(generatedBlueprint((i % 300) + 1), i + 1)),
    ];
    let compared = 0;
    for (const text of texts) {
      const quick = await steps(text, true);
      if (quick === 'declined') continue;
      compared++;
      expect(quick, text).toEqual(await steps(text, false));
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('finds the session steps of a blueprint after add, with lines and columns', async () => {
    const text =
      fixtureRustFiles().find((f) => f.name === 'pavex-custom/expected/postgres/crates/api/src/blueprint.rs')?.text ??
      '';
    const found = (await steps(text, true)) as { kind: string; line: number; column: number }[];
    expect(found.map((s) => `${s.kind}@${s.line}:${s.column}`)).toEqual([
      'import@11:5',
      'session-import@11:5',
      'store-import@11:5',
      'finalize-session@12:5',
      'inject-response-cookies@13:5',
      'route@16:5',
      'route@17:5',
      'route@18:5',
      'route@19:5',
    ]);
  });

  it('declines a blueprint with a syntax error, which tree-sitter then reports', async () => {
    const text =
      'pub fn blueprint() -> Blueprint {\n    let mut bp = Blueprint::new();\n    bp.route(routes::INDEX)\n    bp\n}\n';
    expect(parseRustSubset(text)).toBeNull();
    expect(await steps(text, false)).toMatchObject({
      code: 'parse-error',
      where: { file: 'src/blueprint.rs', line: 4 },
    });
  });
});

/**
 * The built CLI's `check` on a Pavex app reads blueprint.rs without WebAssembly
 * (the quick parser), and a blueprint beyond that parser through tree-sitter, with
 * the same findings. A preloaded probe records every WebAssembly compilation.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/app-runner.js';
import { copyFixture } from './harness.js';

const PROBE = `const fs = require('node:fs');
const record = (what) => fs.appendFileSync(process.env.WASM_PROBE_OUT, what + '\\n');
for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (original) WebAssembly[name] = function (...args) { record(name); return original.apply(this, args); };
}
WebAssembly.Module = new Proxy(WebAssembly.Module, { construct(target, args) { record('Module'); return Reflect.construct(target, args); } });
`;

async function checkWithProbe(app: string): Promise<{ exitCode: number; stdout: string; wasm: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-wasm-probe-'));
  const probe = path.join(dir, 'probe.cjs');
  const out = path.join(dir, 'calls.txt');
  writeFileSync(probe, PROBE);
  const result = await runCli(['check'], app, {
    NODE_OPTIONS: `--require ${probe}`,
    WASM_PROBE_OUT: out,
    SESSION_KIT_CACHE: '0',
  });
  const wasm = existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n') : [];
  return { exitCode: result.exitCode, stdout: result.stdout, wasm };
}

function edit(app: string, change: (text: string) => string): void {
  const file = path.join(app, 'app/src/blueprint.rs');
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('check on a Pavex app', () => {
  it('reads blueprint.rs without WebAssembly, and with tree-sitter when the file is beyond the quick parser: same findings', async () => {
    const app = copyFixture('pavex-new');
    const added = await runCli(['add', '--yes', '--no-install', '--store', 'memory'], app);
    expect(added.exitCode, added.stderr).toBe(0);

    const clean = await checkWithProbe(app);
    expect(clean.exitCode, clean.stdout).toBe(0);
    expect(clean.wasm).toEqual([]);

    // The wrong order: FINALIZE_SESSION after INJECT_RESPONSE_COOKIES.
    edit(app, (t) =>
      t
        .replace('    bp.post_process(FINALIZE_SESSION);\n', '')
        .replace(
          '    bp.post_process(INJECT_RESPONSE_COOKIES);\n',
          '    bp.post_process(INJECT_RESPONSE_COOKIES);\n    bp.post_process(FINALIZE_SESSION);\n',
        ),
    );
    const quick = await checkWithProbe(app);
    expect(quick.exitCode).toBe(1);
    expect(quick.stdout).toMatch(/pavex\/finalize-before-inject/);
    expect(quick.wasm).toEqual([]);

    // The same file with a function the quick parser does not read (a float literal) at the end.
    edit(app, (t) => `${t}\nfn ratio() -> f64 {\n    0.5\n}\n`);
    const full = await checkWithProbe(app);
    expect(full.wasm.length).toBeGreaterThan(0);
    expect({ exitCode: full.exitCode, stdout: full.stdout }).toEqual({
      exitCode: quick.exitCode,
      stdout: quick.stdout,
    });
  });

  it('reports a syntax error in blueprint.rs (read by tree-sitter) with its line, exit 2 (unreadable)', async () => {
    const app = copyFixture('pavex-new');
    expect((await runCli(['add', '--yes', '--no-install', '--store', 'memory'], app)).exitCode).toBe(0);
    edit(app, (t) => t.replace('bp.post_process(FINALIZE_SESSION);', 'bp.post_process(FINALIZE_SESSION)'));
    const broken = await checkWithProbe(app);
    expect(broken.exitCode).toBe(2);
    expect(broken.stdout).toMatch(
      /^app\/src\/blueprint\.rs:\d+:\d+: error: app\/src\/blueprint\.rs does not parse as Rust \(syntax error\)\. \[parse-error\]$/m,
    );
    // The note names the folder checked (the fixture copy's name).
    expect(broken.stdout).toContain(
      `${path.basename(app)}: note: app/src/blueprint.rs does not parse as Rust (syntax error).`,
    );
    expect(broken.wasm.length).toBeGreaterThan(0);
  });
});

/**
 * `check` for Pavex: the recogniser's steps through the shared ordering and
 * requirement rules, and the Pavex-specific findings (cookie crypto, secret in YAML).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { orderingViolations, requirementFindings, violationToFinding } from '../../../src/core/ordering.js';
import { pavex } from '../../../src/frameworks/pavex/index.js';
import { copyFixture, planAdd, rustProject, writePlan } from './harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixture(name: string): string {
  const dir = copyFixture(name);
  dirs.push(dir);
  return dir;
}

async function check(dir: string) {
  const project = rustProject(dir);
  const detection = pavex.detect(project)!;
  const steps = await pavex.recognise(project, detection);
  const findings = [
    ...orderingViolations(steps, pavex.ordering).map((v) => violationToFinding(v, pavex.stepKinds)),
    ...requirementFindings(steps, pavex.requirements ?? []),
    ...((await pavex.extraChecks?.(project, detection, steps)) ?? []),
  ];
  return { steps, findings };
}

function edit(dir: string, rel: string, change: (text: string) => string): void {
  const abs = path.join(dir, rel);
  writeFileSync(abs, change(readFileSync(abs, 'utf8')));
}

describe('recognise and check', () => {
  it('pavex-custom: INJECT present, FINALIZE missing; routes registered in several places are all routes', async () => {
    const dir = fixture('pavex-custom');
    const { steps } = await check(dir);
    const summary = steps.map((s) => `${s.kind}@${s.line}`);
    expect(summary).toEqual([
      'import@10',
      'inject-response-cookies@11',
      'route@14',
      'route@15',
      'route@16',
      'route@17',
    ]);
  });

  it('after add: no findings (pavex-new, every step in order, crypto rule documented)', async () => {
    const dir = fixture('pavex-new');
    writePlan(dir, await planAdd(dir, 'postgres'));
    const { steps, findings } = await check(dir);
    expect(steps.map((s) => s.kind)).toEqual([
      'import',
      'session-import',
      'store-import',
      'finalize-session',
      'inject-response-cookies',
      'route',
    ]);
    expect(findings).toEqual([]);
  });

  it('FINALIZE after INJECT and after a route: ordering findings with file:line', async () => {
    const dir = fixture('pavex-new');
    writePlan(dir, await planAdd(dir, 'memory'));
    edit(dir, 'app/src/blueprint.rs', (t) =>
      t
        .replace('    bp.post_process(FINALIZE_SESSION);\n', '')
        .replace('    bp\n}', '    bp.post_process(FINALIZE_SESSION);\n    bp\n}'),
    );
    const { findings } = await check(dir);
    const ids = findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`);
    expect(ids).toEqual([
      'pavex/finalize-before-inject@app/src/blueprint.rs:24',
      'pavex/finalize-before-routes@app/src/blueprint.rs:24',
    ]);
  });

  it('FINALIZE without INJECT: the silent failure is reported', async () => {
    const dir = fixture('pavex-new');
    writePlan(dir, await planAdd(dir, 'memory'));
    edit(dir, 'app/src/blueprint.rs', (t) => t.replace('    bp.post_process(INJECT_RESPONSE_COOKIES);\n', ''));
    const { findings } = await check(dir);
    expect(findings.map((f) => f.ruleId)).toEqual(['pavex/inject-required']);
    expect(findings[0].message).toMatch(/never sent/);
  });

  it('no crypto rule for the session cookie on 0.2.5+', async () => {
    const dir = fixture('pavex-new');
    writePlan(dir, await planAdd(dir, 'memory'));
    rmSync(path.join(dir, '.env'));
    rmSync(path.join(dir, '.env.example'));
    const { findings } = await check(dir);
    expect(findings.map((f) => `${f.ruleId}@${f.file}`)).toEqual([
      'pavex/session-cookie-crypto@configuration/base.yml',
    ]);
    expect(findings[0].message).toMatch(/CryptoRequired/);
  });

  it('a crypto key written in committed YAML', async () => {
    const dir = fixture('pavex-new');
    writePlan(dir, await planAdd(dir, 'memory'));
    edit(
      dir,
      'configuration/prod.yml',
      (t) =>
        `${t}cookies:\n  crypto_rules:\n    - cookie_names: ["id"]\n      algorithm: signing\n      key: "0123456789abcdef0123456789abcdef"\n`,
    );
    const { findings } = await check(dir);
    expect(findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual([
      'pavex/secret-in-config@configuration/prod.yml:6',
    ]);
  });
});

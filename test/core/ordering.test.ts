import { describe, expect, it } from 'vitest';
import { insertionWindow, orderingViolations, requirementFindings } from '../../src/core/ordering.js';
import type { OrderingRule, SessionStep } from '../../src/core/session-steps.js';

const step = (kind: string, start: number, file = 'app.js'): SessionStep => ({
  kind,
  file,
  line: start,
  column: 1,
  start,
  end: start + 1,
  text: kind,
});

const RULES: OrderingRule[] = [
  { id: 'cookie-first', step: 'session', after: ['cookie'], severity: 'error', message: 'm', fix: 'f' },
  { id: 'before-routes', step: 'session', before: ['route'], severity: 'error', message: 'm', fix: 'f' },
  { id: 'after-parsers', step: 'session', after: ['parser'], severity: 'warning', scope: 'add', message: 'm', fix: '' },
];

describe('ordering rules', () => {
  it('report a step before something it must follow, and after something it must precede', () => {
    const v = orderingViolations([step('session', 1), step('cookie', 2), step('route', 0)], RULES);
    expect(v.map((x) => `${x.rule.id}:${x.relation}:${x.other.kind}`).sort()).toEqual([
      'before-routes:before:route',
      'cookie-first:after:cookie',
    ]);
  });
  it('never report placement-only rules', () => {
    expect(orderingViolations([step('session', 1), step('parser', 2)], RULES)).toEqual([]);
  });
  it('do not compare steps in different files', () => {
    expect(orderingViolations([step('session', 5, 'a.js'), step('route', 1, 'b.js')], RULES)).toEqual([]);
  });
  it('choose the window after the last step to follow that comes before the first step to precede', () => {
    const w = insertionWindow(
      'session',
      [step('cookie', 1), step('parser', 2), step('route', 3), step('parser', 4)],
      RULES,
    );
    expect(w).toMatchObject({ after: { kind: 'parser', start: 2 }, before: { kind: 'route', start: 3 } });
  });
  it('return null when a hard rule cannot hold', () => {
    expect(insertionWindow('session', [step('route', 1), step('cookie', 2)], RULES)).toBeNull();
  });
  it('count rules stated from the other side', () => {
    const rules: OrderingRule[] = [
      { id: 'r', step: 'router', after: ['session'], severity: 'error', message: 'm', fix: 'f' },
    ];
    expect(insertionWindow('session', [step('app', 0), step('router', 5)], rules)).toMatchObject({
      before: { kind: 'router' },
    });
  });
  it('requirements: a step that needs another', () => {
    const findings = requirementFindings(
      [step('finalize', 3)],
      [{ id: 'need', when: 'finalize', requires: 'inject', severity: 'error', message: 'missing', fix: 'add it' }],
    );
    expect(findings).toEqual([
      { ruleId: 'need', severity: 'error', file: 'app.js', line: 3, column: 1, message: 'missing', fix: 'add it' },
    ]);
  });
});

/**
 * Ordering rules are data (see frameworks/types.ts). This module is the one
 * interpreter of them: `add` asks where a step may go, `check` asks what is wrong.
 */
import type { CheckFinding, OrderingRule, RequirementRule, SessionStep } from '../frameworks/types.js';

export interface OrderingViolation {
  rule: OrderingRule;
  /** The step that is out of place. */
  step: SessionStep;
  /** The step it should have been before/after. */
  other: SessionStep;
  relation: 'before' | 'after';
}

function position(step: SessionStep): [string, number] {
  return [step.file, step.start];
}

/** Steps in one file are ordered by offset; steps across files are not compared. */
function precedes(a: SessionStep, b: SessionStep): boolean {
  const [fa, pa] = position(a);
  const [fb, pb] = position(b);
  return fa === fb && pa < pb;
}

export function orderingViolations(steps: SessionStep[], rules: OrderingRule[]): OrderingViolation[] {
  const violations: OrderingViolation[] = [];
  for (const rule of rules) {
    for (const step of steps.filter((s) => s.kind === rule.step)) {
      for (const other of steps) {
        if (rule.before?.includes(other.kind) && precedes(other, step)) {
          violations.push({ rule, step, other, relation: 'before' });
        }
        if (rule.after?.includes(other.kind) && precedes(step, other)) {
          violations.push({ rule, step, other, relation: 'after' });
        }
      }
    }
  }
  return violations;
}

export function violationToFinding(v: OrderingViolation, labels: Record<string, string>): CheckFinding {
  const otherLabel = labels[v.other.kind] ?? v.other.kind;
  const stepLabel = labels[v.step.kind] ?? v.step.kind;
  const where = `${v.other.file}:${v.other.line}`;
  return {
    ruleId: v.rule.id,
    severity: v.rule.severity,
    file: v.step.file,
    line: v.step.line,
    column: v.step.column,
    message: `${stepLabel} must come ${v.relation} ${otherLabel} (${where}): ${v.rule.message}`,
    fix: v.rule.fix,
  };
}

export function requirementFindings(steps: SessionStep[], rules: RequirementRule[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const rule of rules) {
    const trigger = steps.find((s) => s.kind === rule.when);
    if (trigger && !steps.some((s) => s.kind === rule.requires)) {
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        file: trigger.file,
        line: trigger.line,
        column: trigger.column,
        message: rule.message,
        fix: rule.fix,
      });
    }
  }
  return findings;
}

export interface InsertionWindow {
  /** Insert no earlier than the end of this step (null: start of the block). */
  after: SessionStep | null;
  /** Insert no later than the start of this step (null: end of the block). */
  before: SessionStep | null;
}

/**
 * Where a new step of kind `kind` may go so that every rule holds:
 * after the last step it must follow, before the first step it must precede.
 * Returns null when no such place exists (the existing order already conflicts).
 */
export function insertionWindow(kind: string, steps: SessionStep[], rules: OrderingRule[]): InsertionWindow | null {
  const mustFollow = new Set(rules.filter((r) => r.step === kind).flatMap((r) => r.after ?? []));
  const mustPrecede = new Set(rules.filter((r) => r.step === kind).flatMap((r) => r.before ?? []));
  // A rule stated from the other side ("router after session") counts too.
  for (const rule of rules) {
    if (rule.before?.includes(kind)) mustFollow.add(rule.step);
    if (rule.after?.includes(kind)) mustPrecede.add(rule.step);
  }
  const sorted = [...steps].sort((a, b) => a.start - b.start);
  const after = [...sorted].reverse().find((s) => mustFollow.has(s.kind)) ?? null;
  const before = sorted.find((s) => mustPrecede.has(s.kind)) ?? null;
  if (after && before && before.start < after.end) return null;
  return { after, before };
}

/**
 * Ordering rules are data (see session-steps.ts). This module is the one
 * interpreter of them: `add` asks where a step may go, `check` asks what is wrong.
 */
import type { CheckFinding, OrderingRule, RequirementRule, SessionStep } from './session-steps.js';

export interface OrderingViolation {
  rule: OrderingRule;
  /** The step that is out of place. */
  step: SessionStep;
  /** The step it should have been before/after. */
  other: SessionStep;
  relation: 'before' | 'after';
}

/** Offset of the step in its own file: calls chained in one statement run in chain order. */
function offset(step: SessionStep): number {
  return step.callStart ?? step.start;
}

/**
 * Steps in one file are ordered by offset (a chained call's own); a step loaded from
 * elsewhere (`loadedAt`) by where it is loaded, then, loaded by the same call, by its
 * offset in its own file; steps across files are not compared.
 */
function precedes(a: SessionStep, b: SessionStep): boolean {
  const at = a.loadedAt ?? { file: a.file, offset: offset(a) };
  const bt = b.loadedAt ?? { file: b.file, offset: offset(b) };
  if (at.file !== bt.file) return false;
  if (at.offset !== bt.offset) return at.offset < bt.offset;
  return a.file === b.file && offset(a) < offset(b);
}

export function orderingViolations(steps: SessionStep[], rules: OrderingRule[]): OrderingViolation[] {
  const violations: OrderingViolation[] = [];
  for (const rule of rules.filter((r) => r.scope !== 'add')) {
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
 * Where a new step of kind `kind` may go: before the first step it must precede,
 * after the last step it must follow that comes before that point. Placement-only
 * rules (scope 'add') give way to the app's existing order; a hard rule that cannot
 * hold returns null (the existing order already conflicts).
 */
export function insertionWindow(kind: string, steps: SessionStep[], rules: OrderingRule[]): InsertionWindow | null {
  const mustFollow = new Set<string>();
  const hardFollow = new Set<string>();
  const mustPrecede = new Set<string>();
  for (const rule of rules) {
    const follows = rule.step === kind ? (rule.after ?? []) : rule.before?.includes(kind) ? [rule.step] : [];
    const precedes = rule.step === kind ? (rule.before ?? []) : rule.after?.includes(kind) ? [rule.step] : [];
    for (const k of follows) {
      mustFollow.add(k);
      if (rule.scope !== 'add') hardFollow.add(k);
    }
    for (const k of precedes) mustPrecede.add(k);
  }
  // A step under an `if` is placed around as its whole statement: never inside the branch.
  // Run order: where a step runs (`loadedAt`, e.g. a method body where the method is called), then its own offset.
  const runs = (s: SessionStep) => s.loadedAt?.offset ?? s.start;
  const order = (a: SessionStep, b: SessionStep) => runs(a) - runs(b) || a.start - b.start;
  const sorted = steps.map(atBranch).sort(order);
  const before = sorted.find((s) => mustPrecede.has(s.kind)) ?? null;
  if (before && sorted.some((s) => hardFollow.has(s.kind) && order(s, before) > 0)) return null;
  const after = [...sorted].reverse().find((s) => mustFollow.has(s.kind) && (!before || order(s, before) < 0)) ?? null;
  return { after, before };
}

function atBranch(step: SessionStep): SessionStep {
  if (!step.branch) return step;
  const { callStart: _chained, ...rest } = step;
  return { ...rest, start: step.branch.start, end: step.branch.end, statementStart: step.branch.start } as SessionStep;
}

/** A session registered under an `if`: on the other paths the routes after it run without sessions. */
export function conditionalSessionFindings(steps: SessionStep[]): CheckFinding[] {
  return steps
    .filter((s) => s.kind === 'session' && s.branch)
    .map((s) => ({
      ruleId: 'session-conditional',
      severity: 'warning' as const,
      file: s.file,
      line: s.line,
      column: s.column,
      message: `The session is registered only on some paths (inside the \`if\` at line ${s.branch?.line}): when that branch does not run, the routes after it see no session and nothing is stored.`,
      fix: 'Register the session unconditionally, or give the routes that read it the same condition.',
    }));
}

/**
 * The vocabulary that add, verify and check share: the recognised steps of a session
 * setup, the rules about their order and presence (data, interpreted by
 * core/ordering.ts), and the findings those rules produce. Frameworks supply steps and
 * rules; nothing here knows a framework.
 */

/** One recognised step of a session setup, e.g. "session registered" at line 12. */
export interface SessionStep {
  /** Step kind, one of the framework's `stepKinds`. */
  kind: string;
  /** Relative file path. */
  file: string;
  line: number;
  column: number;
  /** Offsets of the whole statement holding the step (for inserting around it). */
  start: number;
  end: number;
  /** Source text of the statement, shortened, for messages. */
  text: string;
  /**
   * Offset of this call inside a fluent chain (`app.use(a).use(router.routes())`): steps
   * of one statement are ordered by it. Absent: the statement's start.
   */
  callStart?: number;
  /**
   * The top-level `if` statement the step sits in, when it runs only on some paths:
   * `add` places around the whole statement, `check` says a session there is conditional.
   */
  branch?: { start: number; end: number; line: number };
  /**
   * Where the step runs in the app's load order when that is not where it is written: a
   * plugin file's registration runs at the @fastify/autoload call that loads its folder.
   * Ordering compares this place (file, offset); messages keep the step's own file:line.
   */
  loadedAt?: { file: string; offset: number };
}

/**
 * Ordering rules as data, used by both `add` (to choose where to insert) and
 * `check` (to report violations). "`step` must come before every step of kinds `before`
 * and after every step of kinds `after`".
 */
export interface OrderingRule {
  id: string;
  step: string;
  after?: string[];
  before?: string[];
  severity: 'error' | 'warning';
  /** 'add' rules only guide placement and are never reported by `check`. Default 'both'. */
  scope?: 'add' | 'both';
  /** What breaks when the rule is violated. */
  message: string;
  /** One-line fix hint. */
  fix: string;
}

/** Presence rules: a step that must exist once another exists. */
export interface RequirementRule {
  id: string;
  /** When a step of this kind exists... */
  when: string;
  /** ...a step of this kind must exist too. */
  requires: string;
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

/** One problem found in a session setup, at file:line:column. */
export interface CheckFinding {
  ruleId: string;
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  message: string;
  fix: string;
  /**
   * A safe, local repair `check --fix` may apply: splices against the file's text as
   * check read it. Absent when the fix needs a person.
   */
  repair?: Repair;
}

/** Splices in one file of the project, and what they do (one line). */
export interface Repair {
  file: string;
  splices: { start: number; end: number; text: string }[];
  what: string;
}

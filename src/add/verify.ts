/**
 * add's verify step, between plan and preview: `add` reads its own result before
 * anything is shown or written. The planned contents of every changed file (in memory) plus the rest of the
 * project go through check's recogniser and rules: every changed file parses, the app
 * has exactly one session setup, every ordering and presence rule of the framework
 * holds (none is newly broken), and no binding the plan inserts collides with an
 * existing one or is used before its declaration. A plan that fails is refused with the
 * rule it broke; nothing is written.
 */
import path from 'node:path';
import { refuseOutsideProject } from '../core/apply.js';
import { UserError } from '../core/errors.js';
import { orderingViolations, requirementFindings, violationToFinding } from '../core/ordering.js';
import { isNoop, type Plan, type PlannedFile } from '../core/plan.js';
import type { CheckFinding } from '../core/session-steps.js';
import { ProjectFiles, type Project } from '../detect/project.js';
import { parseJs } from '../edit/js/parse.js';
import { lineColumn } from '../edit/lines.js';
import { spliceBetween } from '../edit/splice.js';
import { findSessionSetups, type SessionSetup } from '../check/session-setups.js';
import type { FrameworkDetection, FrameworkModule } from '../frameworks/types.js';
import { bindingProblems, insertedRanges } from './verify-bindings.js';
import { selfCommand } from '../core/self-command.js';

const JS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The project's files as the plan would leave them; everything else read from disk. */
export class PlannedFiles extends ProjectFiles {
  private readonly planned = new Map<string, string | null>();

  constructor(
    private readonly base: ProjectFiles,
    files: readonly PlannedFile[],
  ) {
    super(base.root);
    for (const file of files) this.planned.set(file.path, file.after);
  }

  override read(relativePath: string): string | null {
    const key = relativePath.split(path.sep).join('/');
    return this.planned.has(key) ? (this.planned.get(key) ?? null) : this.base.read(key);
  }

  override exists(relativePath: string): boolean {
    const key = relativePath.split(path.sep).join('/');
    return this.planned.has(key) ? this.planned.get(key) !== null : this.base.exists(key) || this.isDirectory(key);
  }

  override isDirectory(relativePath: string): boolean {
    const key = relativePath.split(path.sep).join('/').replace(/\/$/, '');
    for (const [file, text] of this.planned) if (text !== null && file.startsWith(`${key}/`)) return true;
    return this.base.isDirectory(key);
  }

  override list(relativeDir: string): string[] {
    const dir = relativeDir.split(path.sep).join('/').replace(/\/$/, '');
    const names = new Set(this.base.list(dir));
    for (const [file, text] of this.planned) {
      const rest = dir === '' ? file : file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : null;
      if (rest === null) continue;
      const name = rest.split('/')[0];
      if (text === null && !rest.includes('/')) names.delete(name);
      else if (text !== null) names.add(name);
    }
    return [...names];
  }
}

/** What the plan was made for. */
export interface VerifyTarget {
  project: Project;
  framework: FrameworkModule;
  detection: FrameworkDetection;
  fixOrder: boolean;
}

/** The target, the project as the plan would leave it, and the session setups before and after (each read once). */
class VerifyContext {
  private setupsBefore?: Promise<SessionSetup[]>;
  private setupsAfter?: Promise<SessionSetup[]>;
  private plannedProject?: Project;

  constructor(
    readonly plan: Plan,
    readonly target: VerifyTarget,
  ) {}

  get planned(): Project {
    this.plannedProject ??= {
      ...this.target.project,
      files: new PlannedFiles(this.target.project.files, this.plan.files),
    };
    return this.plannedProject;
  }

  before(): Promise<SessionSetup[]> {
    this.setupsBefore ??= findSessionSetups(this.target.project, this.target.detection.setupFile);
    return this.setupsBefore;
  }

  after(): Promise<SessionSetup[]> {
    this.setupsAfter ??= findSessionSetups(this.planned, this.target.detection.setupFile);
    return this.setupsAfter;
  }
}

/** One check of a finished plan; it throws a UserError to refuse the plan. */
export type PlanCheck = (plan: Plan, ctx: VerifyContext) => void | Promise<void>;

/** The broken rule, as a refusal: what, where, and that nothing was written. */
function refusal(
  rule: string,
  message: string,
  where: { file: string; line?: number; column?: number },
  hint: string,
): UserError {
  return new UserError(`session-kit's plan fails its own check (${rule}): ${message}. Nothing was written.`, {
    where,
    hint,
    code: 'verify-failed',
  });
}

const REPORT_BUG = () =>
  `This is a session-kit bug: please report it with the file; meanwhile add the lines by hand (see \`${selfCommand('add --dry-run')}\`).`;

async function checkParses(plan: Plan): Promise<void> {
  for (const file of plan.files) await checkFileParses(file);
}

async function checkFileParses(file: PlannedFile): Promise<void> {
  if (file.after === null || file.after === file.before) return;
  // A session module created from our templates: the largest files add writes, where
  // parsing costs most; every template output is parsed by the pairs tests instead.
  if (file.before === null && file.role === 'generated') return;
  const text = file.after;
  const fail = (reason: string, line?: number, column?: number) =>
    refusal('verify/parse', `${file.path} would not parse: ${reason}`, { file: file.path, line, column }, REPORT_BUG());
  if (JS_FILE.test(file.path) && !file.path.endsWith('.d.ts')) {
    try {
      await parseJs(text, file.path);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw fail(
        error.message.replace(/^\S+ does not parse: /, '').replace(/\. session-kit edits only files that parse\.$/, ''),
        error.where?.line,
        error.where?.column,
      );
    }
  } else if (file.path.endsWith('.json')) {
    // package.json, tsconfig.json (JSONC: comments and trailing commas allowed).
    const { parseTree, printParseErrorCode } = await import('jsonc-parser');
    const errors: import('jsonc-parser').ParseError[] = [];
    // A byte order mark is accepted by npm and kept by add; the JSON parser would reject it.
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    parseTree(text.slice(bom), errors, { allowTrailingComma: true });
    if (errors.length) {
      const { line, column } = lineColumn(text, errors[0].offset + bom);
      throw fail(printParseErrorCode(errors[0].error), line, column);
    }
  } else if (/\.ya?ml$/.test(file.path)) {
    const { parseDocument } = await import('yaml');
    const error = parseDocument(text).errors[0];
    if (error) throw fail(error.message.split('\n')[0], error.linePos?.[0].line, error.linePos?.[0].col);
  } else if (file.path.endsWith('.toml')) {
    const { readToml } = await import('../edit/toml.js');
    try {
      readToml(text);
    } catch (error) {
      throw fail((error as Error).message.split('\n')[0]);
    }
  } else if (file.path.endsWith('.rs')) {
    // The quick parser accepts only files without errors; anything else goes to tree-sitter.
    const { parseRustSubset } = await import('../edit/rust/subset/parser.js');
    if (parseRustSubset(text)) return;
    const { parseRust } = await import('../edit/rust/parse.js');
    const tree = await parseRust(text);
    if (tree.rootNode.hasError) {
      const { firstErrorNode } = await import('../edit/rust/syntax-node.js');
      const node = firstErrorNode(tree.rootNode);
      throw fail('a syntax error', node.startPosition.row + 1, node.startPosition.column + 1);
    }
  }
}

function setupLabel(setup: SessionSetup): string {
  return `${setup.file}:${setup.line} (${setup.library})`;
}

/** "already sets up a session" at the user's own setup. */
function foreignSessionError(first: SessionSetup): UserError {
  return new UserError(
    `${first.file}:${first.line} already sets up a session (${first.library}); session-kit does not add a second one, and nothing was written.`,
    {
      where: { file: first.file, line: first.line, column: first.column },
      hint: `Keep it and run \`${selfCommand('check')}\` to verify its order and options; or remove it (with its store) and run \`${selfCommand('add')}\` again to let session-kit write its own.`,
      code: 'session-exists',
    },
  );
}

/** The user's own session setup, anywhere the app loads: never a second one beside it. */
async function checkNoForeignSession(_plan: Plan, ctx: VerifyContext): Promise<void> {
  const before = await ctx.before();
  const foreign = before.filter((s) => !s.generated);
  if (!foreign.length) return;
  // --fix-order may move the user's own setup, as long as it adds none.
  if (ctx.target.fixOrder && (await ctx.after()).length <= before.length) return;
  throw foreignSessionError(foreign[0]);
}

/**
 * When the framework cannot follow the app (app-not-found, setup-not-found) its refusal
 * gives lines to add by hand; a session the app already sets up elsewhere (a library
 * module, another file) is the better reason, since those lines would make it two.
 */
export async function sessionBeforeManualLines(target: VerifyTarget): Promise<UserError | null> {
  const foreign = (await findSessionSetups(target.project, target.detection.setupFile)).filter((s) => !s.generated);
  return foreign.length ? foreignSessionError(foreign[0]) : null;
}

/** Exactly one session setup after the plan. */
async function checkOneSession(_plan: Plan, ctx: VerifyContext): Promise<void> {
  const after = await ctx.after();
  if (after.length > 1) {
    const [first, second] = after;
    throw refusal(
      'session-duplicate',
      `the app would have two session setups, ${setupLabel(first)} and ${setupLabel(second)}`,
      { file: second.file, line: second.line, column: second.column },
      REPORT_BUG(),
    );
  }
  if (after.length === 0) {
    throw refusal(
      'verify/session-missing',
      'no session setup would be found in the files the app loads',
      { file: '.' },
      REPORT_BUG(),
    );
  }
}

const findingKey = (f: CheckFinding) => `${f.ruleId}\0${f.file}\0${f.message.replace(/\(\S+:\d+\)/g, '')}`;

/** Ordering and presence rules the plan would newly break (those already broken are the user's). */
async function checkRules(_plan: Plan, ctx: VerifyContext): Promise<void> {
  const { framework, detection, project } = ctx.target;
  const planned = ctx.planned;
  const findingsOf = async (p: Project) => {
    const steps = await framework.recognise(p, detection);
    return [
      ...orderingViolations(steps, framework.ordering).map((v) => violationToFinding(v, framework.stepKinds)),
      ...requirementFindings(steps, framework.requirements ?? []),
    ].filter((f) => f.severity === 'error');
  };
  const after = await findingsOf(planned);
  if (after.length === 0) return;
  const existing = new Set((await findingsOf(project)).map(findingKey));
  const broken = after.find((f) => !existing.has(findingKey(f)));
  if (broken)
    throw refusal(
      broken.ruleId,
      broken.message,
      { file: broken.file, line: broken.line, column: broken.column },
      broken.fix,
    );
}

async function checkBindings(plan: Plan): Promise<void> {
  for (const file of plan.files) await checkFileBindings(file);
}

async function checkFileBindings(file: PlannedFile): Promise<void> {
  if (file.after === null || file.before === null || file.after === file.before || !JS_FILE.test(file.path)) return;
  const splices = file.splices.length ? file.splices : [spliceBetween(file.before, file.after)];
  const ranges = insertedRanges(splices);
  const ast = await parseJs(file.after, file.path);
  const problem = bindingProblems(ast, ranges)[0];
  if (!problem) return;
  const { line, column } = lineColumn(file.after, problem.at);
  const rule = problem.kind === 'collision' ? 'verify/binding-collision' : 'verify/use-before-declaration';
  const other = problem.other === undefined ? '' : ` at line ${lineColumn(file.after, problem.other).line}`;
  throw refusal(
    rule,
    `${file.path}:${line}: ${problem.message}${other}`,
    { file: file.path, line, column },
    REPORT_BUG(),
  );
}

/** The checks every add plan passes, in order: nothing outside the project, then the most useful answer (the app already has a session). */
export const PLAN_CHECKS: readonly PlanCheck[] = [
  (plan) => refuseOutsideProject(plan),
  checkNoForeignSession,
  checkParses,
  checkBindings,
  checkOneSession,
  checkRules,
];

export async function verifyPlan(
  plan: Plan,
  target: VerifyTarget,
  checks: readonly PlanCheck[] = PLAN_CHECKS,
): Promise<void> {
  // "Already set up": nothing would change, so there is nothing to verify.
  if (checks === PLAN_CHECKS && isNoop(plan)) return;
  const ctx = new VerifyContext(plan, target);
  for (const check of checks) await check(plan, ctx);
}

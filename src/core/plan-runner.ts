/**
 * The shared tail of add and remove: preview → confirm → apply → report. A pipeline
 * hands over its plan and what it says at each point (PlanMessages); the runner picks
 * what is shown (--dry-run, --json, a terminal to ask) and returns the exit code.
 */
import pc from 'picocolors';
import { applyPlan, refuseOutsideProject } from './apply.js';
import { cancelFlow, gutter, showIntro } from './flow.js';
import { progressStep } from './install-progress.js';
import { isNoop, type Plan } from './plan.js';
import { canSpin, type Spinner, startSpinner } from './spinner.js';
import { planToJson, renderCompactPlan, renderDiff } from './render.js';

/** The command-line flags the runner reads. */
export interface RunFlags {
  json?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  /** false with --no-install. */
  install?: boolean;
}

export interface Terminal {
  /** A person can be asked: both ends are a TTY and neither --yes nor --json was given. */
  interactive: boolean;
  color: boolean;
}

export function terminalFor(flags: RunFlags): Terminal {
  return {
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !flags.yes && !flags.json,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/** What one outcome prints: extra fields of the plan's JSON, or text sections (joined by a blank line, empty ones left out). */
export interface Outcome {
  json: Record<string, unknown>;
  sections: () => string[];
}

/** What a pipeline says at each point of the run. */
export interface PlanMessages {
  /** The plan writes and installs nothing. */
  nothingToDo: Outcome;
  /** --dry-run; the sections follow the diff. */
  dryRun: Outcome;
  /** Shown after the diff, before the question. */
  preview: () => string[];
  /** The confirmation question, and the refusal when it is declined. */
  question: string;
  declined: string;
  /** A progress line of apply as shown (apply speaks of installing). */
  progress?: (message: string) => string;
  /** After applying; `installed` says whether the package manager ran. */
  applied: (installed: boolean) => Outcome;
  /** The terminal flow's end, after applying: the report, the numbered next steps, the last line. */
  finished?: (installed: boolean) => Finish;
}

/** How the terminal flow ends. */
export interface Finish {
  report: string;
  steps: string[];
  /** Printed after the steps, e.g. the same command without questions. */
  after?: string;
  outro: string;
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`${text}\n`);
const sectionsText = (sections: string[]) => sections.filter(Boolean).join('\n\n');

function print(plan: Plan, outcome: Outcome, json: boolean): void {
  if (json) out(JSON.stringify(planToJson(plan, outcome.json), null, 2));
  else out(sectionsText(outcome.sections()));
}

export async function runPlan(
  plan: Plan,
  messages: PlanMessages,
  flags: RunFlags,
  terminal: Terminal,
): Promise<number> {
  const json = Boolean(flags.json);
  if (isNoop(plan)) {
    if (terminal.interactive) await closeFlow(plan, messages.nothingToDo.sections(), 'Nothing was written.');
    else print(plan, messages.nothingToDo, json);
    return 0;
  }
  refuseOutsideProject(plan);
  if (flags.dryRun) {
    const diff = json ? '' : await renderDiff(plan, terminal.color);
    const sections = () => [diff, ...messages.dryRun.sections()];
    if (terminal.interactive) await closeFlow(plan, sections(), 'Dry run: nothing was written.');
    else print(plan, { json: messages.dryRun.json, sections }, json);
    return 0;
  }
  if (terminal.interactive) {
    await askInFlow(plan, messages, terminal.color);
    const result = await apply(plan, messages, flags, false);
    await finishFlow(messages, result.installed);
    return 0;
  }
  const result = await apply(plan, messages, flags, json);
  print(plan, messages.applied(result.installed), json);
  return 0;
}

/** At a terminal: the intro, the compact plan in the gutter, then apply / show the diff first / cancel. */
async function askInFlow(plan: Plan, messages: PlanMessages, color: boolean): Promise<void> {
  const { confirm, isCancel, log, select } = await import('@clack/prompts');
  await showIntro(plan.command, plan.framework.name, plan.framework.setupFile);
  log.step('The plan');
  await gutter(sectionsText([await renderCompactPlan(plan, color), ...messages.preview()]));
  const choice = await select({
    message: messages.question,
    options: [
      { value: 'yes', label: 'Yes' },
      { value: 'diff', label: 'Show the full diff first' },
      { value: 'no', label: 'No' },
    ],
  });
  if (isCancel(choice) || choice === 'no') return cancelFlow(messages.declined);
  if (choice === 'diff') {
    await gutter(await renderDiff(plan, color));
    const ok = await confirm({ message: messages.question });
    if (isCancel(ok) || !ok) return cancelFlow(messages.declined);
  }
}

/** A terminal flow that ends without a question (nothing to do, --dry-run): its sections in the gutter, then the outro. */
async function closeFlow(plan: Plan, sections: string[], last: string): Promise<void> {
  const { outro } = await import('@clack/prompts');
  await showIntro(plan.command, plan.framework.name, plan.framework.setupFile);
  await gutter(sectionsText(sections));
  outro(last);
}

/** The end of the terminal flow: the report, the numbered next steps, the outro. */
async function finishFlow(messages: PlanMessages, installed: boolean): Promise<void> {
  const { log, outro } = await import('@clack/prompts');
  const finish = messages.finished?.(installed) ?? {
    report: sectionsText(messages.applied(installed).sections()),
    steps: [],
    outro: 'Done.',
  };
  log.success(finish.report);
  if (finish.steps.length) {
    log.step('Next steps');
    await gutter(finish.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'));
  }
  if (finish.after) log.info(finish.after);
  outro(finish.outro);
}

async function apply(plan: Plan, messages: PlanMessages, flags: RunFlags, json: boolean) {
  const progress = messages.progress ?? ((m: string) => m);
  const result = json
    ? await applyPlan(plan, { install: flags.install !== false })
    : canSpin(process.stderr)
      ? await applyWithSpinner(plan, flags, progress)
      : await applyPlan(plan, { install: flags.install !== false, onStep: (m) => note(pc.dim(progress(m))) });
  return result;
}

/** The packages a package-manager command names (`npm i -D a@1 b` → a, b). */
function packagesOf(command: string[]): string[] {
  return command
    .slice(2)
    .filter((arg) => !arg.startsWith('-'))
    .map((spec) => spec.replace(/(?<=.)@[^@]*$/, ''));
}

/** A package with a native build says why its step may take minutes (better-sqlite3 without its prebuilt binary compiles). */
export function withNativeNote(step: string | null, native: Set<string>): string | null {
  const name = step ? /^building (\S+) \(its \w+ script\)$/.exec(step)?.[1] : undefined;
  return name && native.has(name) ? `building ${name} (native: minutes if it compiles from source)` : step;
}

/** On a terminal: each install command under a spinner with its elapsed time and the package manager's step. */
async function applyWithSpinner(plan: Plan, flags: RunFlags, progress: (m: string) => string) {
  let spinner: Spinner | null = null;
  const native = new Set(plan.dependencies.filter((d) => d.needsInstallScript).map((d) => d.name));
  let title = '';
  let done = '';
  const finish = () => {
    spinner?.stop(done);
    spinner = null;
  };
  try {
    const result = await applyPlan(plan, {
      install: flags.install !== false,
      onStep: (message, command) => {
        finish();
        if (!command) return note(pc.dim(progress(message)));
        const packages = packagesOf(command);
        const count = packages.length === 1 ? '1 package' : `${packages.length} packages`;
        title = `${progress('Installing')} ${count} with ${command[0]}`;
        done = `${progress('Installing').replace(/ing$/, 'ed')} ${packages.join(', ')} with ${command[0]}`;
        spinner = startSpinner(title);
      },
      onOutput: (line) => spinner?.step(withNativeNote(progressStep(line), native)),
    });
    finish();
    return result;
  } catch (error) {
    (spinner as Spinner | null)?.fail(`${title} failed`);
    throw error;
  }
}

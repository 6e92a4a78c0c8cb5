/** What add says at each point of the shared run (core/plan-runner.ts). */
import { formatCommand } from '../core/install.js';
import type { Plan } from '../core/plan.js';
import type { PlanMessages } from '../core/plan-runner.js';
import { renderReport, renderSummary } from '../core/render.js';
import { selfCommand, shellWord } from '../core/self-command.js';
import type { AddOptions } from './options.js';

/** The flags of this run that the same setup repeats (the store comes from the plan: the picker may have chosen it). */
export type RepeatedFlags = Pick<AddOptions, 'install' | 'framework' | 'packageManager' | 'fixOrder'>;

export function addMessages(plan: Plan, color: boolean, flags: RepeatedFlags = {}): PlanMessages {
  return {
    nothingToDo: {
      json: { alreadySetUp: true, applied: false },
      sections: () => [
        `Sessions are already set up in ${plan.framework.setupFile ?? plan.root} (${plan.framework.name}, ${plan.store} store): nothing to change.`,
      ],
    },
    dryRun: {
      json: { alreadySetUp: false, applied: false, dryRun: true },
      sections: () => [renderSummary(plan, color), renderReport(plan, color, true)],
    },
    preview: () => [renderSummary(plan, color)],
    question: 'Apply these changes?',
    declined: 'Cancelled; nothing was written.',
    applied: (installed) => ({
      json: { alreadySetUp: false, applied: true, installed },
      sections: () => [renderReport(installed ? plan : withInstallFirst(plan), color, false)],
    }),
    // Only the terminal flow asks questions, so only it says how to skip them.
    finished: (installed) => {
      const done = installed ? plan : withInstallFirst(plan);
      return {
        report: renderReport(done, color, false, false),
        steps: done.nextSteps,
        after: sameSetupCommand(plan, flags),
        outro: `Sessions are set up: ${plan.framework.name}, ${plan.store} store.`,
      };
    },
  };
}

/** --no-install: installing the packages add declared is the first thing to do, before any other step. */
function withInstallFirst(plan: Plan): Plan {
  if (plan.installCommands.length === 0) return plan;
  const step = `Install the packages (not installed: --no-install): ${plan.installCommands.map(formatCommand).join(' && ')}`;
  return { ...plan, nextSteps: [step, ...plan.nextSteps] };
}

/** The command to repeat this in CI or a script, pointing at the app that was chosen. */
function sameSetupCommand(plan: Plan, flags: RepeatedFlags): string {
  const args = [
    `add --store ${plan.store}`,
    flags.framework ? ` --framework ${shellWord(flags.framework)}` : '',
    flags.packageManager ? ` --package-manager ${flags.packageManager}` : '',
    flags.fixOrder ? ' --fix-order' : '',
    flags.install === false ? ' --no-install' : '',
    // A choice made at a question (No to loading .env in the start scripts).
    ...(plan.repeatFlags ?? []).map((flag) => ` ${flag}`),
  ].join('');
  return `Same setup without questions: ${selfCommand(args, { root: plan.root })} --yes`;
}

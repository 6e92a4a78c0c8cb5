/** What add says at each point of the shared run (core/plan-runner.ts). */
import path from 'node:path';
import type { Plan } from '../core/plan.js';
import type { PlanMessages } from '../core/plan-runner.js';
import { renderReport, renderSummary } from '../core/render.js';

export function addMessages(plan: Plan, color: boolean): PlanMessages {
  return {
    nothingToDo: {
      json: { alreadySetUp: true, applied: false },
      sections: () => [`Sessions are already set up in ${plan.framework.setupFile ?? plan.root} (${plan.framework.name}, ${plan.store} store): nothing to change.`],
    },
    dryRun: { json: { alreadySetUp: false, applied: false, dryRun: true }, sections: () => [renderSummary(plan, color), renderReport(plan, color, true)] },
    preview: () => [renderSummary(plan, color)],
    question: 'Apply these changes?',
    declined: 'Nothing was written.',
    applied: (installed) => ({
      json: { alreadySetUp: false, applied: true, installed },
      sections: () => [
        renderReport(plan, color, false),
        !installed && plan.installCommands.length ? `Packages were not installed (--no-install). Run:\n${plan.installCommands.map((c) => `  ${c.join(' ')}`).join('\n')}` : '',
        sameSetupCommand(plan),
      ],
    }),
  };
}

/** The command to repeat this in CI or a script, pointing at the app that was chosen. */
function sameSetupCommand(plan: Plan): string {
  const where = path.relative(process.cwd(), plan.root);
  return `Same setup without questions: session-kit add --store ${plan.store}${where ? ` --cwd ${where}` : ''} --yes`;
}

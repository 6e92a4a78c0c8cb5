/** What remove says at each point of the shared run (core/plan-runner.ts): the uninstall commands and what it keeps. */
import pc from 'picocolors';
import { formatCommand } from '../core/install.js';
import type { Plan } from '../core/plan.js';
import type { PlanMessages } from '../core/plan-runner.js';
import { renderReport } from '../core/render.js';
import type { KeptItem } from './plan.js';

function renderKept(kept: KeptItem[], color: boolean): string {
  if (kept.length === 0) return '';
  const c = color ? pc : pc.createColors(false);
  return [c.bold('Kept:'), ...kept.map((k) => `  ${k.path}  ${c.dim(k.reason)}`)].join('\n');
}

function renderUninstall(commands: string[][], color: boolean, done: boolean | null): string {
  if (commands.length === 0) return '';
  const c = color ? pc : pc.createColors(false);
  const title =
    done === null ? 'Uninstall:' : done ? 'Uninstalled:' : 'Packages were not uninstalled (--no-install). Run:';
  return [c.bold(title), ...commands.map((cmd) => `  ${formatCommand(cmd)}`)].join('\n');
}

function renderWarnings(warnings: string[], color: boolean): string {
  if (warnings.length === 0) return '';
  const c = color ? pc : pc.createColors(false);
  return [c.bold(c.yellow('Warnings:')), ...warnings.map((w) => `  ${w}`)].join('\n');
}

export function removeMessages(plan: Plan, kept: KeptItem[], color: boolean): PlanMessages {
  return {
    nothingToDo: {
      json: { applied: false, nothingToRemove: true, kept },
      sections: () => ['Nothing to remove: what session-kit add recorded is already gone.', renderKept(kept, color)],
    },
    dryRun: {
      json: { applied: false, dryRun: true, kept },
      sections: () => [
        renderReport(plan, color, true),
        renderUninstall(plan.installCommands, color, null),
        renderKept(kept, color),
        renderWarnings(plan.warnings, color),
      ],
    },
    preview: () => [
      renderUninstall(plan.installCommands, color, null),
      renderKept(kept, color),
      renderWarnings(plan.warnings, color),
    ],
    question: 'Remove the session setup?',
    declined: 'Cancelled; nothing was changed.',
    progress: (message) => message.replace(/^Installing/, 'Uninstalling'),
    applied: (uninstalled) => ({
      json: { applied: true, uninstalled, kept },
      sections: () => [
        renderReport(plan, color, false),
        renderUninstall(plan.installCommands, color, uninstalled),
        renderKept(kept, color),
        renderWarnings(plan.warnings, color),
      ],
    }),
    finished: (uninstalled) => ({
      report: [
        renderReport(plan, color, false, false),
        renderUninstall(plan.installCommands, color, uninstalled),
        renderKept(kept, color),
      ]
        .filter(Boolean)
        .join('\n'),
      steps: plan.nextSteps,
      outro: `The session setup is removed from ${plan.framework.name}.`,
    }),
  };
}

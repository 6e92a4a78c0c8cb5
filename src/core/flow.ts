/**
 * The terminal flow of add and remove when a person is asked (clack's gutter): an intro
 * naming session-kit, the framework and the setup file; the questions; the compact plan;
 * a cancel that says nothing was written; an outro with the numbered next steps. Only
 * loaded with a terminal: without one the commands print plain sections.
 */
import pc from 'picocolors';
import { UserError } from './errors.js';

let introShown = false;

/** `┌  session-kit add  Express · setup file app.js`, once per run (the first question may come before the plan). */
export async function showIntro(command: string, framework: string, setupFile: string | null): Promise<void> {
  if (introShown) return;
  introShown = true;
  const { intro } = await import('@clack/prompts');
  intro(
    `${pc.bgCyan(pc.black(` session-kit ${command} `))}  ${framework}${setupFile ? ` · setup file ${pc.cyan(setupFile)}` : ''}`,
  );
}

/**
 * Ends the flow at a declined or cancelled question: clack's cancel line, then the
 * refusal (exit 2) whose message was just shown.
 */
export async function cancelFlow(message: string): Promise<never> {
  const { cancel } = await import('@clack/prompts');
  cancel(message);
  throw new UserError(message, { code: 'cancelled', shown: true });
}

/** Text inside the gutter: each line behind `│`. */
export async function gutter(text: string): Promise<void> {
  if (!text) return;
  const { log } = await import('@clack/prompts');
  log.message(text);
}

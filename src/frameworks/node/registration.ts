/**
 * The plan steps every Node integration that registers its session with one statement
 * in the app's setup (`app.use(...)`) takes when the app has none yet: the import of
 * the generated module and the registration after the step the ordering rules name;
 * and the refusal when no app is found that session-kit can follow.
 */
import type { Statement } from '@babel/types';
import { UserError } from '../../core/errors.js';
import { insertionWindow } from '../../core/ordering.js';
import type { CodeStyle } from '../../edit/style.js';
import type { SessionStep } from '../types.js';
import { noCodeAfterFieldError, noPlaceError, type SetupEdit } from './existing-session.js';
import { importSplice, registrationLines } from './insert.js';

/** `imports`: the framework's package; `creation`: the statement looked for (`const app = express()`). */
export function appNotFoundError(file: string, imports: string, creation: string, manual: string): UserError {
  return new UserError(`${file} imports ${imports} but no \`${creation}\` was found that session-kit can follow.`, {
    where: { file },
    hint: 'Add the lines by hand where the app is created, then run session-kit add again to write the rest.',
    manual,
    code: 'app-not-found',
  });
}

export interface Registration {
  style: CodeStyle;
  syntax: 'esm' | 'cjs';
  app: { steps: SessionStep[]; block: Statement[]; creation: Statement };
  /** Specifier the import names (the generated session module). */
  source: string;
  /** The names imported from it. */
  named: string[];
  /** The registration statements, in order. */
  lines: string[];
  /** The lines to add by hand, for a refusal. */
  manual: string;
  /**
   * Express: where the rules leave no window the session goes after the app's creation
   * (its first step), and the description names only the step it follows. Otherwise
   * that is refused, and the description also names the step the session precedes.
   */
  afterCreationWithoutWindow?: boolean;
}

/** Plans the import and the registration of a session the app does not have yet. */
export function planSessionRegistration(edit: SetupEdit, r: Registration): void {
  const { builder, file, text, ast, labels } = edit;
  const window = insertionWindow('session', r.app.steps, edit.rules);
  if (!window && !r.afterCreationWithoutWindow) throw noPlaceError(file, r.manual);
  const anchor = window?.after ?? r.app.steps[0];
  builder.edit(
    file,
    [importSplice(ast, text, r.style, r.syntax, r.source, { named: r.named }, anchor.end)],
    'imports the session middleware',
  );
  const before =
    window?.before && !r.afterCreationWithoutWindow
      ? ` before ${labels[window.before.kind]} (line ${window.before.line})`
      : '';
  const registration = registrationLines(text, anchor, r.app, r.lines, r.style);
  if (!registration) throw noCodeAfterFieldError(file, r.manual);
  builder.edit(file, [registration], `registers the session after ${labels[anchor.kind]}${before}`);
}

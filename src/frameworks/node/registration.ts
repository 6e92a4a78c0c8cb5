/**
 * The plan steps every Node integration that registers its session with one statement
 * in the app's setup (`app.use(...)`) takes when the app has none yet: the import of
 * the generated module and the registration after the step the ordering rules name;
 * and the refusal when no app is found that session-kit can follow.
 */
import type { File, Statement } from '@babel/types';
import { UserError } from '../../core/errors.js';
import { insertionWindow } from '../../core/ordering.js';
import { declaredNames } from '../../edit/js/declarations.js';
import type { CodeStyle } from '../../edit/style.js';
import type { SessionStep } from '../types.js';
import { noCodeAfterFieldError, noPlaceError, type SetupEdit } from './existing-session.js';
import { importSplice, registrationLines } from './insert.js';
import { appNameIn, type SetupFile } from './setup-file.js';

/**
 * `imports`: the framework's package; `creation`: the statement looked for (`const app = express()`);
 * `appPattern`: what creates the app, to name it in the lines to add by hand.
 */
export function appNotFoundError(
  setup: SetupFile,
  imports: string,
  creation: string,
  manualLines: (syntax: 'esm' | 'cjs', source: string, appName?: string) => string,
  appPattern: string,
): UserError {
  const { file, text, syntax, target } = setup;
  return new UserError(`${file} imports ${imports} but no \`${creation}\` was found that session-kit can follow.`, {
    where: { file },
    hint: 'Add the lines by hand where the app is created, then run session-kit add again to write the rest.',
    manual: manualLines(syntax, target.importSource, appNameIn(text, appPattern)),
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
  const { named, lines } = freeNames(ast, r.named, r.lines);
  builder.edit(
    file,
    [importSplice(ast, text, r.style, r.syntax, r.source, { named }, anchor.end)],
    importDescription(named),
  );
  const before =
    window?.before && !r.afterCreationWithoutWindow
      ? ` before ${labels[window.before.kind]} (line ${window.before.line})`
      : '';
  const registration = registrationLines(text, anchor, r.app, lines, r.style);
  if (!registration) throw noCodeAfterFieldError(file, r.manual);
  builder.edit(file, [registration], `registers the session after ${labels[anchor.kind]}${before}`);
}

/**
 * A name for a new binding that the file declares nowhere (in any scope): `name` itself
 * when free, else `sessionKit…` (`sessionMiddleware` → `sessionKitMiddleware`,
 * `fastifyCookie` → `sessionKitCookie`) or `…FromSessionKit`, numbered when that is
 * taken too. The name chosen is added to `taken`.
 */
export function freeLocal(taken: Set<string>, name: string, avoid: readonly string[] = []): string {
  if (!taken.has(name)) {
    taken.add(name);
    return name;
  }
  const rest = /^session|^fastify(?=[A-Z])/.exec(name);
  const base = rest ? `sessionKit${name.slice(rest[0].length)}` : `${name}FromSessionKit`;
  let alias = base;
  for (let i = 2; taken.has(alias) || avoid.includes(alias); i++) alias = `${base}${i}`;
  taken.add(alias);
  return alias;
}

/** The import specifier of `name` bound as `local`: `name`, or `name as local`. */
export function importedAs(name: string, local: string): string {
  return name === local ? name : `${name} as ${local}`;
}

/**
 * Names the file already declares (in any scope) are not taken again: the import is
 * aliased (`sessionMiddleware as sessionKitMiddleware`) and the registration uses the alias.
 */
function freeNames(ast: File, named: string[], lines: string[]): { named: string[]; lines: string[] } {
  const taken = declaredNames(ast);
  if (!named.some((n) => taken.has(n))) return { named, lines };
  const out: string[] = [];
  let rewritten = lines;
  for (const name of named) {
    const local = freeLocal(taken, name, named);
    out.push(importedAs(name, local));
    if (local === name) continue;
    const word = new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, 'g');
    rewritten = rewritten.map((line) => line.replace(word, local));
  }
  return { named: out, lines: rewritten };
}

function importDescription(named: string[]): string {
  const aliased = named.filter((n) => n.includes(' as ')).map((n) => n.split(' as '));
  if (!aliased.length) return 'imports the session middleware';
  const as = aliased.map(([, alias]) => alias).join(', ');
  const own = aliased.map(([name]) => name).join(', ');
  return `imports the session middleware as ${as}, since the file already declares ${own}`;
}

/**
 * Expected failures. Anything thrown as a UserError is printed as one clear
 * message (what, where, what to do) and never as a stack trace.
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_REFUSED = 2;

export interface ErrorLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface UserErrorOptions {
  /** Where the problem is. `file` is relative to the project root when possible. */
  where?: ErrorLocation;
  /** What the user can do about it, one short sentence. */
  hint?: string;
  /** Exact lines the user can add by hand when we refuse to edit. */
  manual?: string;
  /** Heading printed above `manual` (default: "Add these lines by hand:"). */
  manualTitle?: string;
  /** Exit code; usage, unsupported and refused are all 2. */
  exitCode?: number;
  /** Machine-readable code for --json output. */
  code?: string;
  /** The message is on the screen already (the terminal flow's cancel line): print nothing more. */
  shown?: boolean;
}

export class UserError extends Error {
  readonly where?: ErrorLocation;
  readonly hint?: string;
  readonly manual?: string;
  readonly manualTitle: string;
  readonly exitCode: number;
  readonly code: string;
  readonly shown: boolean;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message);
    this.name = 'UserError';
    this.where = options.where;
    this.hint = options.hint;
    this.manual = options.manual;
    this.manualTitle = options.manualTitle ?? 'Add these lines by hand:';
    this.exitCode = options.exitCode ?? EXIT_REFUSED;
    this.code = options.code ?? 'refused';
    this.shown = options.shown ?? false;
  }
}

export function formatLocation(where: ErrorLocation | undefined): string {
  if (!where) return '';
  let text = where.file;
  if (where.line !== undefined) text += `:${where.line}`;
  if (where.line !== undefined && where.column !== undefined) text += `:${where.column}`;
  return text;
}

/** The one-message rendering used by every command. */
export function formatUserError(error: UserError): string {
  const location = formatLocation(error.where);
  const lines = [`${location ? `${location}: ` : ''}${error.message}`];
  if (error.hint) lines.push(error.hint);
  if (error.manual) {
    lines.push(error.manualTitle, '', indentBlock(error.manual, '    '), '');
  }
  return lines.join('\n');
}

function indentBlock(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

export function errorToJson(error: UserError): Record<string, unknown> {
  return {
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      where: error.where ?? null,
      hint: error.hint ?? null,
      manual: error.manual ?? null,
    },
  };
}

/**
 * Fast path for `session-kit check` in CI: the plain argument shapes are read here so
 * the commander program is not even loaded. Anything else (help, an unknown option, a
 * bad --format value) returns null and goes through commander, which owns the
 * messages and exit codes for those.
 */
const FORMATS = new Set(['text', 'json', 'github', 'sarif']);

// A type alias (not an interface) so it fits CommandOptions' index signature.
export type CheckArgs = {
  cwd: string;
  format: string;
  strict?: boolean;
  paths: string[];
};

export function fastCheckArgs(argv: readonly string[]): CheckArgs | null {
  if (argv[0] !== 'check') return null;
  const options: CheckArgs = { cwd: '.', format: 'text', paths: [] };
  let onlyPaths = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    if (arg === '--strict') {
      options.strict = true;
      continue;
    }
    const match = /^--(cwd|format)(?:=(.*))?$/.exec(arg);
    if (!match) return null;
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('-'))) return null;
    if (match[1] === 'format' && !FORMATS.has(value)) return null;
    options[match[1] as 'cwd' | 'format'] = value;
  }
  return options;
}

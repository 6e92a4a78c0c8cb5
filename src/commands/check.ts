/**
 * `session-kit check`: static checks of the session setup, for CI. Loads no prompts,
 * no installer and no diff library; the parser loads only when there is a session
 * setup to read, and a warm run whose inputs are unchanged reuses the last result.
 */
import { writeStdout } from '../core/stdout.js';
import { cacheEnabled } from '../check/cache-enabled.js';
import { formatGithub } from '../check/format/github.js';
import { formatJson } from '../check/format/json.js';
import { formatSarif } from '../check/format/sarif.js';
import { formatText } from '../check/format/text.js';
import { outcomeOf } from '../check/result.js';
import { runChecks } from '../check/run.js';
import { UserError } from '../core/errors.js';
import type { CommandOptions } from './options.js';

const FORMATS = { text: formatText, json: formatJson, github: formatGithub, sarif: formatSarif } as const;

export interface CheckOptions extends CommandOptions {
  paths?: string[];
  strict?: boolean;
}

export default async function check(options: CheckOptions): Promise<number> {
  const format = options.format ?? 'text';
  if (!(format in FORMATS))
    throw new UserError(`Unknown format "${format}".`, {
      hint: 'Use --format text, json, github or sarif.',
      code: 'usage',
    });
  const args = { cwd: options.cwd ?? '.', paths: options.paths ?? [], strict: Boolean(options.strict) };
  const run = () => runChecks(args.cwd, args.paths, args.strict);
  let report;
  if (cacheEnabled()) {
    const { cachedReport, cacheKey, recordReport } = await import('../check/cache.js');
    const key = cacheKey(args);
    report = cachedReport(key) ?? (await recordReport(key, run));
  } else report = await run();
  const outcome = outcomeOf(report);
  writeStdout(`${FORMATS[format as keyof typeof FORMATS](outcome)}\n`);
  return outcome.exitCode;
}

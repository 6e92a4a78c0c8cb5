/**
 * `saveUninitialized: true` (given, or the library's default) with a persistent store:
 * every visit that never puts anything into its session (a crawler, a health check, a
 * first page view) writes a row or key, so the table grows without bound, and every
 * visitor gets a cookie before any consent. The defaults are data: a framework's
 * `sessionPackages` say which libraries have the option and what it defaults to
 * (express-session and @fastify/session: true; koa-session has none and never stores
 * an empty session).
 */
import { findingAt } from '../finding.js';
import { optionValue, persistentStore, sessionOptions } from '../session-options.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

export const saveUninitialized: GenericRule = {
  ids: ['save-uninitialized'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const findings: CheckFinding[] = [];
    for (const options of sessionOptions(ctx)) {
      const pkg = ctx.framework?.sessionPackages?.find((p) => p.name === options.setup.library);
      if (pkg?.saveUninitializedDefault === undefined) continue;
      const value = optionValue(options, 'saveUninitialized');
      const on = value ? value.text === 'true' : pkg.saveUninitializedDefault;
      if (!on) continue;
      const store = persistentStore(ctx, options);
      if (!store) continue;
      const source = value ? options.source : ctx.sources.get(options.setup.file);
      if (!source) continue;
      findings.push(
        findingAt(source, value ? (options.keys.get('saveUninitialized') as number) : options.setup.start, {
          ruleId: 'save-uninitialized',
          severity: 'warning',
          message: `${value ? 'saveUninitialized: true' : `${pkg.name} defaults to saveUninitialized: true`} with ${store}: every visit that stores nothing in its session (crawlers, health checks, first page views) still writes a session to the store, which grows without bound, and every visitor gets a cookie before any consent`,
          fix: `Set saveUninitialized: false in the ${pkg.name} options: only sessions that hold data are stored.`,
          repair: value
            ? {
                file: options.source.file,
                splices: [{ start: value.at, end: value.at + value.text.length, text: 'false' }],
                what: 'saveUninitialized: false',
              }
            : {
                file: options.source.file,
                splices: [{ start: options.open + 1, end: options.open + 1, text: ' saveUninitialized: false,' }],
                what: 'saveUninitialized: false',
              },
        }),
      );
    }
    return findings;
  },
};

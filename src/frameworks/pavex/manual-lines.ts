/**
 * The lines to add by hand when session-kit cannot place them itself. Apart from
 * add.ts so that check, which needs them for its messages, does not load the add
 * code (add.ts and everything it imports).
 */
import { PAVEX_STORES } from './crates.js';

export function manualLines(bp: string, store: keyof typeof PAVEX_STORES): string {
  const spec = PAVEX_STORES[store];
  return [
    'use pavex::cookie::INJECT_RESPONSE_COOKIES;',
    'use pavex_session::FINALIZE_SESSION;',
    '',
    `// in bp.import(from![...]): add pavex_session, ${spec.module}`,
    `// before the first route (.routes / .route / .nest):`,
    `${bp}.post_process(FINALIZE_SESSION);`,
    `${bp}.post_process(INJECT_RESPONSE_COOKIES);`,
  ].join('\n');
}

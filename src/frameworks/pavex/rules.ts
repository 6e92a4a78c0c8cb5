/**
 * Pavex's session rules as data: `add` places new calls with them and `check`
 * reports what breaks them.
 */
import type { OrderingRule, RequirementRule } from '../types.js';

export const PAVEX_STEP_KINDS: Record<string, string> = {
  'finalize-session': 'bp.post_process(FINALIZE_SESSION)',
  'inject-response-cookies': 'bp.post_process(INJECT_RESPONSE_COOKIES)',
  route: 'route registration',
  import: 'bp.import(from![...])',
  'session-import': 'pavex_session in from![...]',
  'store-import': 'session store in from![...]',
  'legacy-kit': 'Pavex 0.1.x kit or f! path',
};

export const PAVEX_ORDERING: OrderingRule[] = [
  {
    id: 'pavex/finalize-before-inject',
    step: 'finalize-session',
    before: ['inject-response-cookies'],
    severity: 'error',
    message:
      'post-processors run in registration order; inject_response_cookies consumes ResponseCookies, so finalize_session must run first (pavexc rejects the other order)',
    fix: 'Move bp.post_process(FINALIZE_SESSION) right above bp.post_process(INJECT_RESPONSE_COOKIES).',
  },
  {
    id: 'pavex/finalize-before-routes',
    step: 'finalize-session',
    before: ['route'],
    severity: 'error',
    message:
      'a post-processor only applies to routes registered after it, so the routes above it never save their session',
    fix: 'Move bp.post_process(FINALIZE_SESSION) above the first .routes/.route/.nest call.',
  },
  {
    id: 'pavex/inject-before-routes',
    step: 'inject-response-cookies',
    before: ['route'],
    severity: 'error',
    message: 'a post-processor only applies to routes registered after it, so the routes above it never send cookies',
    fix: 'Move bp.post_process(INJECT_RESPONSE_COOKIES) above the first .routes/.route/.nest call.',
  },
];

export const PAVEX_REQUIREMENTS: RequirementRule[] = [
  {
    id: 'pavex/inject-required',
    when: 'finalize-session',
    requires: 'inject-response-cookies',
    severity: 'error',
    message:
      'FINALIZE_SESSION without INJECT_RESPONSE_COOKIES: the session cookie is never sent, and nothing reports it',
    fix: 'Add bp.post_process(INJECT_RESPONSE_COOKIES); right after bp.post_process(FINALIZE_SESSION); (use pavex::cookie::INJECT_RESPONSE_COOKIES).',
  },
  {
    id: 'pavex/session-imported',
    when: 'finalize-session',
    requires: 'session-import',
    severity: 'error',
    message:
      'pavex_session is not in bp.import(from![...]): its constructors (Session, SessionConfig, ...) are not registered',
    fix: 'Add pavex_session (and the store module) to bp.import(from![...]).',
  },
];

/** The framework-agnostic rules, run for every project after the framework's own. */
import type { GenericRule } from '../types.js';
import { cookieOptions } from './cookie-options.js';
import { expiredCleanup } from './expired-cleanup.js';
import { loginRegenerate } from './login-regenerate.js';
import { maxAgeTtl } from './maxage-ttl.js';
import { memoryStore } from './memory-store.js';
import { redirectBeforeSave } from './redirect-save.js';
import { saveUninitialized } from './save-uninitialized.js';
import { sameSite } from './samesite.js';
import { secretLiteral } from './secret-literal.js';
import { sessionCoverage } from './session-coverage.js';
import { sessionDuplicate } from './session-duplicate.js';
import { sessionTable } from './session-table.js';
import { storeUsage } from './store-usage.js';
import { secureCookieWithoutTrustProxy } from './trust-proxy.js';

export const GENERIC_RULES: GenericRule[] = [
  secretLiteral,
  cookieOptions,
  storeUsage,
  memoryStore,
  sessionTable,
  sessionDuplicate,
  saveUninitialized,
  secureCookieWithoutTrustProxy,
  expiredCleanup,
  maxAgeTtl,
  loginRegenerate,
  redirectBeforeSave,
  sameSite,
  sessionCoverage,
];

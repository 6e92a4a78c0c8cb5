/**
 * Package names that bring sessions or session stores (the same families the rules
 * read). Its own file so that the CLI's entry (startup/cache-name.ts) can use it
 * without loading check.
 */
export const SESSION_PACKAGE = /session|connect-redis|memorystore|connect-mongo|koa-redis/i;

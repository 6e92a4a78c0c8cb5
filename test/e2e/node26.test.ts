// The app on Node 26 (engines.node ">=26" in its copy), the CLI, npm, tsc and the app on
// Node 26's binary: every store through Express 5's connect stores (connect-redis 10,
// better-sqlite3 13) and through Hono's generated storage. One Redis DB for both, which
// run one after the other in this file.
import { adapterSuite } from './adapter-suite.js';
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'express5-esm-ts',
  start: ['node', '--env-file=.env', 'dist/app.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  redisDb: 15,
  nodeLine: 26,
});

adapterSuite({
  fixture: 'hono-node-ts',
  framework: 'hono',
  start: ['node', '--env-file=.env', 'dist/index.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['redis', 'memory', 'sqlite', 'postgres', 'mysql'],
  redisDb: 15,
  sessionModule: 'dist/session.js',
  nodeLine: 26,
});

// The app on Node 24 (engines.node ">=24" in its copy), the CLI, npm, tsc and the app on
// Node 24's binary: every store through Fastify's connect stores (connect-redis 10,
// better-sqlite3 13) and through Koa's generated adapters. One Redis DB for both, which
// run one after the other in this file.
import { adapterSuite } from './adapter-suite.js';
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'fastify-esm-ts',
  start: ['node', '--env-file=.env', 'dist/app.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  redisDb: 1,
  nodeLine: 24,
});

// redis first: its real install through the CLI needs no native build (sqlite then uses the prebuilt one).
adapterSuite({
  fixture: 'koa-cjs',
  framework: 'koa',
  start: ['node', '--env-file=.env', 'app.js'],
  readyPath: '/',
  stores: ['redis', 'memory', 'sqlite', 'postgres', 'mysql'],
  redisDb: 1,
  sessionModule: 'session.js',
  nodeLine: 24,
});

// Koa 3, ESM TypeScript with @koa/router: every store; the build is the tsc check after a real install.
import { adapterSuite } from './adapter-suite.js';

adapterSuite({
  fixture: 'koa-esm-ts',
  framework: 'koa',
  start: ['node', '--env-file=.env', 'dist/app.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  redisDb: 2,
  sessionModule: 'dist/session.js',
});

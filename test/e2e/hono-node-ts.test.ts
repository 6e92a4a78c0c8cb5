// Hono 4 on @hono/node-server, TypeScript: every store; the build is the tsc check after a real install.
import { adapterSuite } from './adapter-suite.js';

adapterSuite({
  fixture: 'hono-node-ts',
  framework: 'hono',
  start: ['node', '--env-file=.env', 'dist/index.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  redisDb: 4,
  sessionModule: 'dist/session.js',
});

// sqlite on this fixture is covered by express-sqlite.test.ts (build, restart, Chromium).
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'express5-esm-ts',
  start: ['node', '--env-file=.env', 'dist/app.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['memory', 'postgres', 'mysql', 'redis'],
  redisDb: 12,
});

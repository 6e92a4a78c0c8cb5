import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'express4-cjs',
  start: ['node', '--env-file=.env', 'app.js'],
  readyPath: '/health',
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  redisDb: 11,
  extended: true,
});

import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'express-app-split',
  start: ['node', '--env-file=.env', 'src/server.js'],
  readyPath: '/session/get',
  stores: ['memory', 'sqlite', 'postgres', 'mysql', 'redis'],
  redisDb: 13,
  reuseModule: 'src/db.js',
});

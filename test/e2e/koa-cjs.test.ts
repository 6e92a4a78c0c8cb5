// Koa 2, CommonJS output of the generated modules; the other stores run on koa-esm-ts.
import { adapterSuite } from './adapter-suite.js';

adapterSuite({
  fixture: 'koa-cjs',
  framework: 'koa',
  start: ['node', '--env-file=.env', 'app.js'],
  readyPath: '/',
  stores: ['sqlite', 'redis'],
  redisDb: 3,
  sessionModule: 'session.js',
});

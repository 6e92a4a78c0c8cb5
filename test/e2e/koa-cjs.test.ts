// Koa 2, CommonJS output of the generated modules; the other stores run on koa-esm-ts.
// redis first: its real install through the CLI needs no native build (sqlite then uses the prebuilt one).
import { adapterSuite } from './adapter-suite.js';

adapterSuite({
  fixture: 'koa-cjs',
  framework: 'koa',
  start: ['node', '--env-file=.env', 'app.js'],
  readyPath: '/',
  stores: ['redis', 'sqlite'],
  redisDb: 3,
  sessionModule: 'session.js',
});

// Fastify 5, CommonJS, registrations in a `.register` chain.
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'fastify-cjs',
  start: ['node', '--env-file=.env', 'server.js'],
  readyPath: '/health',
  stores: ['postgres', 'redis'],
  redisDb: 7,
});

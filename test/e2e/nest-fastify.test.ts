// NestJS 11 on the Fastify adapter; the controller uses @Session() with session.get/set.
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'nest-fastify',
  start: ['node', '--env-file=.env', 'dist/main.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['postgres', 'redis'],
  redisDb: 10,
});

// Fastify 5, ESM TypeScript: built with tsc after `add` (type-checks request.session.get/set).
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'fastify-esm-ts',
  start: ['node', '--env-file=.env', 'dist/app.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['postgres', 'redis'],
  redisDb: 6,
});

// A fastify-cli app: `add` writes plugins/session.js; `fastify start` loads .env and autoloads it.
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'fastify-autoload',
  start: ['node', 'node_modules/.bin/fastify', 'start', '-a', '127.0.0.1', 'app.js'],
  readyPath: '/',
  stores: ['postgres', 'redis'],
  redisDb: 8,
});

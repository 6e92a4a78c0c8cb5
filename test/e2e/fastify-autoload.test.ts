// A fastify-cli app: `add` writes plugins/session.js; `fastify start` loads .env and autoloads it.
// One store is enough here: the store wiring is the same module as fastify-cjs's (which covers redis).
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'fastify-autoload',
  start: ['node', 'node_modules/.bin/fastify', 'start', '-a', '127.0.0.1', 'app.js'],
  readyPath: '/',
  stores: ['postgres'],
  redisDb: 8,
});

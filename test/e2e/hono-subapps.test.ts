// Hono routes in sub-apps mounted with app.route(): they get the session registered before
// the mounts. JavaScript ESM; the other stores run on hono-node-ts.
import { adapterSuite } from './adapter-suite.js';

adapterSuite({
  fixture: 'hono-subapps',
  framework: 'hono',
  start: ['node', '--env-file=.env', 'src/server.js'],
  readyPath: '/health',
  stores: ['postgres', 'mysql'],
  redisDb: 5,
  sessionModule: 'src/session.js',
});

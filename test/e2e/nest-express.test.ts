// NestJS 11 on Express, CommonJS without esModuleInterop; the session is read through @Session() and req.session in a controller.
import { storeSuite } from './store-suite.js';

storeSuite({
  fixture: 'nest-express',
  start: ['node', '--env-file=.env', 'dist/main.js'],
  readyPath: '/health',
  typescript: true,
  stores: ['postgres', 'redis'],
  redisDb: 9,
});

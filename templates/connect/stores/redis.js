//# imports
{{#create}}
import { createClient } from 'redis';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
import { RedisStore } from 'connect-redis';
//# setup
{{#create}}
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  throw new Error('REDIS_URL is not set: add the Redis URL of the session store to .env (see .env.example), e.g. redis://localhost:6379');
}
const sessionRedis = createClient({ url: redisUrl });
// Before the first connection an error means a wrong REDIS_URL or a stopped server: stop at boot.
// Later errors are reconnects, which the client retries on its own.
let sessionRedisConnected = false;
sessionRedis.on('error', (error{{ts:: Error}}) => {
  console.error(`Session store (Redis, REDIS_URL): ${error.message}`);
  if (!sessionRedisConnected) process.exit(1);
});
sessionRedis
  .connect()
  .then(() => {
    sessionRedisConnected = true;
  })
  .catch((error{{ts:: Error}}) => {
    console.error(`Session store (Redis, REDIS_URL): ${error.message}`);
    process.exit(1);
  });
{{/create}}
{{#reuse}}
// Sessions share the app's Redis client from {{clientSource}}, which the app connects.
// Check at boot that it answers, not after the first response.
setTimeout(() => {
  const noAnswer = new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s: is the client connected?')), 10_000).unref());
  Promise.race([sessionRedis.ping(), noAnswer]).catch((error{{ts:: Error}}) => {
    console.error(`Session store (Redis, client from {{clientSource}}): ${error.message}`);
    process.exit(1);
  });
}, 0);
{{/reuse}}
//# store
new RedisStore({ client: sessionRedis, prefix: 'sess:' })

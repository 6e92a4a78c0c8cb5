// Session store written by session-kit (store: redis). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
// One key per session, "sess:<id>" as connect-redis names them, expiring by Redis TTL.
{{#create}}
import { createClient } from 'redis';
{{/create}}
{{#reuse}}
{{clientImport}}
{{/reuse}}
{{#typescript}}

{{storeTypes}}
{{/typescript}}
{{#create}}

function requireEnv(name{{ts:: string}}){{ts:: string}} {
  const value = process.env[name];
  if (!value) {
    // npm, pnpm, yarn and bun name the package.json script that started the app.
    const script = process.env.npm_lifecycle_event;
    const started = script ? `the "${script}" script (${process.env.npm_lifecycle_script})` : 'the command that started the app';
    throw new Error(`${name} is not set. session-kit wrote it to .env, which ${started} does not load: add --env-file=.env after its node, tsx or nodemon, or make dotenv/config the first import of the app's entry (the add --load-env of session-kit does one of them).`);
  }
  return value;
}

const sessionRedis = createClient({ url: requireEnv('REDIS_URL') });
// An error before the first connection means a wrong REDIS_URL or a stopped server: `ready`
// rejects. Later errors are reconnects, which the client retries by itself.
const ready{{ts:: Promise<void>}} = new Promise((resolve, reject) => {
  let connected = false;
  sessionRedis.on('error', (error{{ts:: Error}}) => {
    if (connected) console.error(`Session store (Redis): ${error.message}`);
    else reject(error);
  });
  sessionRedis.connect().then(() => {
    connected = true;
    resolve();
  }, reject);
});
{{/create}}
{{#reuse}}

// Sessions share the app's Redis client from {{clientSource}}, which the app connects.
const ready{{ts:: Promise<void>}} = sessionRedis.isReady
  ? Promise.resolve()
  : new Promise((resolve, reject) => {
      sessionRedis.once('ready', () => resolve());
      setTimeout(() => reject(new Error('the Redis client from {{clientSource}} did not connect within 10 s')), 10_000).unref();
    });
{{/reuse}}


const PREFIX = 'sess:';

export const sessionStore{{ts:: SessionStore}} = {
  ready,

  async get(id) {
    await ready;
    // One round trip: the value and the milliseconds it has left.
    const [json, ttl] = await sessionRedis.multi().get(PREFIX + id).pTTL(PREFIX + id).exec(){{ts: as unknown as [string | null, number]}};
    if (json === null || ttl === -2) return null;
    return { data: JSON.parse(json), expires: ttl > 0 ? Date.now() + ttl : Number.MAX_SAFE_INTEGER };
  },

  async set(id, data, expires) {
    await ready;
    const ttl = Math.ceil(expires - Date.now());
    // An already expired session is removed rather than written.
    if (ttl <= 0) await sessionRedis.del(PREFIX + id);
    else await sessionRedis.set(PREFIX + id, JSON.stringify(data), { expiration: { type: 'PX', value: ttl } });
  },

  async destroy(id) {
    await ready;
    await sessionRedis.del(PREFIX + id);
  },

  async prune() {
    return 0;
  },

  async close() {
{{#create}}
    await sessionRedis.close();
{{/create}}
  },
};

// Session setup written by session-kit (store: {{store}}). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
import { createSession } from 'koa-session';
import { sessionStore } from '{{storeSource}}';
{{#typescript}}
import type Koa from 'koa';
{{/typescript}}
{{#generatedKeys}}

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

// koa-session signs its cookie with app.keys. Comma-separate SESSION_SECRET to rotate keys:
// the first one signs, all of them verify.
export const sessionKeys = requireEnv('SESSION_SECRET').split(',');
{{/generatedKeys}}
{{#ownKeys}}

// koa-session signs its cookie with the app's own app.keys, set where the app is created.
{{/ownKeys}}

const MAX_AGE_MS = 1000 * 60 * 60 * 24 * 7;

// Fail at boot, not on the first request, when the store cannot be reached.
sessionStore.ready.catch((error{{ts:: Error}}) => {
  console.error(`Session store ({{store}}) is not usable: ${error.message}`);
  process.exit(1);
});

// Register before any router: routes that run first never get their session committed.
export function sessionMiddleware(app{{ts:: Koa}}) {
  return createSession(
    {
      key: 'koa.sess',
      maxAge: MAX_AGE_MS,
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      // Secure is set on HTTPS requests; behind a TLS-terminating proxy set app.proxy = true.
      // koa-session needs promise-returning get/set/destroy: connect stores would persist nothing.
      store: {
        async get(key) {
          return (await sessionStore.get(key))?.data ?? null;
        },
        async set(key, session, maxAge) {
          // koa-session passes its maxAge in ms (plus 10 s), or 'session' for browser-session cookies.
          const ttl = typeof maxAge === 'number' ? maxAge : MAX_AGE_MS;
          await sessionStore.set(key, session, Date.now() + ttl);
        },
        async destroy(key) {
          await sessionStore.destroy(key);
        },
      },
    },
    app,
  );
}

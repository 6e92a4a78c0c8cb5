// Session setup written by session-kit (store: {{store}}). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
import { useSession, useSessionStorage } from '@hono/session';
import { deleteCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { sessionStore } from '{{storeSource}}';
{{#typescript}}
import type { Session, SessionData, Storage } from '@hono/session';
import type { Context } from 'hono';
{{/typescript}}

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

const MAX_AGE_SECONDS = 60 * 60 * 24 * 7;
// @hono/session sets HttpOnly and SameSite=Lax but never Secure: add it everywhere except
// local development over plain HTTP.
const secure = process.env.NODE_ENV !== 'development' && process.env.NODE_ENV !== 'test';

// Fail at boot, not on the first request, when the store cannot be reached.
sessionStore.ready.catch((error{{ts:: Error}}) => {
  console.error(`Session store ({{store}}) is not usable: ${error.message}`);
  process.exit(1);
});

// @hono/session calls storage.set/delete without awaiting them: each request keeps its
// writes here so sessionStorage can wait for them before the response leaves.
const pendingWrites = new WeakMap{{ts:<Context, Promise<void>[]>}}();

function requestStorage(c{{ts:: Context}}){{ts:: Storage<SessionData>}} {
  const writes{{ts:: Promise<void>[]}} = [];
  // The storage interface has no expiry: a session keeps the deadline it was created
  // with (as its cookie does), and the store never serves it past that.
  const deadlines = new Map{{ts:<string, number>}}();
  pendingWrites.set(c, writes);
  return {
    async get(sid) {
      const stored = await sessionStore.get(sid);
      if (stored) deadlines.set(sid, stored.expires);
      return stored ? stored.data : null;
    },
    set(sid, data) {
      writes.push(sessionStore.set(sid, data, deadlines.get(sid) ?? Date.now() + MAX_AGE_SECONDS * 1000));
    },
    delete(sid) {
      deadlines.delete(sid);
      writes.push(sessionStore.destroy(sid));
    },
  };
}

const provideStorage = useSessionStorage(requestStorage);

// Register before sessionMiddleware: storage set after useSession is ignored and the whole
// session silently goes into the cookie. A failed write answers 500 instead of passing unseen.
export const sessionStorage = createMiddleware(async (c, next) => {
  await provideStorage(c, next);
  await Promise.all(pendingWrites.get(c) ?? []);
});

const librarySession = useSession({
  // @hono/session derives its cookie encryption key from one secret: the first SESSION_SECRET key.
  secret: requireEnv('SESSION_SECRET').split(',')[0],
  duration: { absolute: MAX_AGE_SECONDS },
  setCookie: (c, name, value, options) => setCookie(c, name, value, { ...options, secure }),
  deleteCookie: (c, name, options) => deleteCookie(c, name, { ...options, secure }),
});

// @hono/session's delete() removes the stored session only when get() or update() ran
// earlier in the request; otherwise it clears the cookie and leaves the row behind. This
// wrapper reads the session first, so logging out always deletes it from the store.
export const sessionMiddleware = createMiddleware(async (c, next) => {
  await librarySession(c, async () => {
    const session = c.var.session;
    let reading{{ts:: Promise<void> | undefined}};
    c.set('session', {
      get data() {
        return session.data;
      },
      get id() {
        return session.id;
      },
      get: (refresh) => session.get(refresh),
      update: (data) => session.update(data),
      delete() {
        session.delete();
        reading = session.get().then(() => session.delete());
      },
    });
    await next();
    await reading;
  });
});
{{#typescript}}

declare module 'hono' {
  interface ContextVariableMap {
    session: Session<SessionData>;
  }
}
{{/typescript}}

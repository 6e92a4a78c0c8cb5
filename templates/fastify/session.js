// Session setup written by session-kit (store: {{store}}). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
{{pluginImports}}import fastifySession from '@fastify/session';
{{#typescript}}
import type { FastifySessionOptions } from '@fastify/session';
{{/typescript}}
{{storeImports}}

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

// Comma-separated secrets allow rotation: the first signs, all verify.
// @fastify/session checks the length of a single secret only, so every one is checked here.
const secrets = requireEnv('SESSION_SECRET').split(',');
if (secrets.some((secret) => secret.length < 32)) {
  throw new Error('SESSION_SECRET must be at least 32 characters (each one, when comma-separated).');
}

{{factoryAlias}}{{storeSetup}}

{{exportKeyword}}const sessionOptions{{ts:: FastifySessionOptions}} = {
  secret: secrets,
{{#typescript}}
  // A connect store: its callbacks are typed for express-session's session objects.
{{/typescript}}
  store: {{storeExpression}}{{ts: as unknown as FastifySessionOptions['store']}},
  // Only sessions that hold data are stored and get a cookie.
  saveUninitialized: false,
  cookie: {
    httpOnly: true,
    sameSite: 'lax',
    // Secure over HTTPS, plain over HTTP; behind a TLS-terminating proxy set `trustProxy: true` in the Fastify options.
    secure: 'auto',
    maxAge: 1000 * 60 * 60 * 24 * 7,
  },
};
{{pluginBody}}{{#typescript}}

declare module 'fastify' {
  interface Session {
    // Declare your session fields here for precise types, e.g. `userId: string;`.
    [key: string]: unknown;
  }
}
{{/typescript}}

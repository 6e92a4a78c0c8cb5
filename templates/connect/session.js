// Session setup written by session-kit (store: {{store}}). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
import session from 'express-session';
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

{{storeSetup}}

export const sessionMiddleware = session({
  // Comma-separated secrets allow rotation: the first signs, all verify.
  secret: requireEnv('SESSION_SECRET').split(','),
  store: {{storeExpression}},
  resave: false,
  saveUninitialized: false,
  cookie: {
    httpOnly: true,
    sameSite: 'lax',
    // Secure over HTTPS; behind a TLS-terminating proxy also set app.set('trust proxy', 1).
    secure: 'auto',
    maxAge: 1000 * 60 * 60 * 24 * 7,
  },
});
{{#typescript}}

declare module 'express-session' {
  interface SessionData {
    // Declare your session fields here for precise types, e.g. `userId: string;`.
    [key: string]: unknown;
  }
}
{{/typescript}}

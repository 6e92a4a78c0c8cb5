// Session setup written by session-kit (store: {{store}}). It is yours to edit:
// session-kit never overwrites it, and `session-kit remove` deletes it only while unchanged.
import session from 'express-session';
{{storeImports}}

function requireEnv(name{{ts:: string}}){{ts:: string}} {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set. session-kit wrote it to .env: start the app with \`node --env-file=.env\` (or load .env with dotenv).`);
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

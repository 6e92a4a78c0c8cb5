//# imports
import { createClient } from 'redis';
//# setup
const client = createClient({ url: requireEnv('REDIS_URL') });
// Without an error listener a dropped connection crashes the app; the client reconnects by itself.
client.on('error', (error{{ts:: Error}}) => console.error(`Session store: Redis error: ${error.message}`));
const ready = client.connect().then(() => undefined);
//# shared
// The app connects this client itself; sessions wait until it is ready.
const ready{{ts:: Promise<void>}} = client.isReady ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()));

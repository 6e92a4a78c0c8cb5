//# imports
import pg from 'pg';
//# setup
const pool = new pg.Pool({ connectionString: requireEnv('DATABASE_URL') });
// An idle connection dropped by the server must not crash the app.
pool.on('error', (error{{ts:: Error}}) => console.error(`Session store: PostgreSQL error: ${error.message}`));
//# shared

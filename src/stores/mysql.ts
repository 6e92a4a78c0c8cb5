import { connectTableSql } from './sql.js';
import type { PackageSpec, StoreDescriptor, TableSql } from './types.js';

const mysql2: PackageSpec = { name: 'mysql2', version: '^3.11.0' };

export const mysqlStore: StoreDescriptor = {
  id: 'mysql',
  label: 'MySQL / MariaDB',
  hint: 'sessions in a table of your MySQL or MariaDB database (DATABASE_URL)',
  persistent: true,
  dialect: 'mysql',
  env: [
    {
      key: 'DATABASE_URL',
      description: 'MySQL/MariaDB connection URL',
      example: 'mysql://user:password@localhost:3306/app',
    },
  ],
  styles: {
    'connect-store': {
      packages: [
        { name: 'express-mysql-session', version: '^3.0.3' },
        mysql2,
        { name: '@types/express-mysql-session', version: '^3.0.6', dev: true, typesOnly: true },
      ],
      // express-mysql-session takes a callback pool: a mysql2/promise pool hands over its `.pool`.
      sharedClient: (client) =>
        client.promiseApi ? { local: 'appPool', setup: 'const sessionPool = appPool.pool;' } : { local: 'sessionPool' },
    },
    'generated-adapter': {
      packages: [mysql2],
      // The adapter queries with promises: a callback pool hands over its promise wrapper.
      sharedClient: (client) => ({
        local: 'appPool',
        setup: client.promiseApi ? 'const sessionPool = appPool;' : 'const sessionPool = appPool.promise();',
      }),
    },
  },
  besideKnex: {
    why: 'express-mysql-session and the generated adapters query through a mysql2 pool, which knex does not expose',
    opens: 'its own pool (DATABASE_URL)',
    beside: "pool; count both against the server's connection limit",
  },
  // The connect store's table; the generated adapter uses the same one.
  get sql(): TableSql {
    return connectTableSql('mysql');
  },
};

import { connectTableSql } from './sql.js';
import type { StoreDescriptor, TableSql } from './types.js';

export const mysqlStore: StoreDescriptor = {
  id: 'mysql',
  label: 'MySQL / MariaDB',
  hint: 'sessions in a table of your MySQL or MariaDB database (DATABASE_URL)',
  persistent: true,
  dialect: 'mysql',
  env: [{ key: 'DATABASE_URL', description: 'MySQL/MariaDB connection URL', example: 'mysql://user:password@localhost:3306/app' }],
  packages: {
    connect: [
      { name: 'express-mysql-session', version: '^3.0.3' },
      { name: 'mysql2', version: '^3.11.0' },
      { name: '@types/express-mysql-session', version: '^3.0.6', dev: true, typesOnly: true },
    ],
  },
  // The connect store's table; Koa and Hono adapters use the same one.
  get sql(): { connect: TableSql } {
    return { connect: connectTableSql('mysql') };
  },
};

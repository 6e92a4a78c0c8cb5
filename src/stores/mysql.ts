import type { StoreDescriptor } from './types.js';

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
    ],
  },
};

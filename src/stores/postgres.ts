import { connectTableSql } from './sql.js';
import type { StoreDescriptor, TableSql } from './types.js';

export const postgresStore: StoreDescriptor = {
  id: 'postgres',
  label: 'PostgreSQL',
  hint: 'sessions in a table of your PostgreSQL database (DATABASE_URL)',
  persistent: true,
  dialect: 'postgres',
  env: [{ key: 'DATABASE_URL', description: 'PostgreSQL connection URL', example: 'postgres://user:password@localhost:5432/app' }],
  packages: {
    connect: [
      { name: 'connect-pg-simple', version: '^10.0.0' },
      { name: 'pg', version: '^8.13.0' },
      { name: '@types/connect-pg-simple', version: '^7.0.3', dev: true, typesOnly: true },
      { name: '@types/pg', version: '^8.11.10', dev: true, typesOnly: true },
    ],
  },
  // The connect store's table; Koa and Hono adapters use the same one.
  get sql(): { connect: TableSql } {
    return { connect: connectTableSql('postgres') };
  },
};

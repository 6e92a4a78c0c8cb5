import { connectTableSql } from './sql.js';
import type { PackageSpec, StoreDescriptor, TableSql } from './types.js';

const pg: PackageSpec = { name: 'pg', version: '^8.13.0' };
const pgTypes: PackageSpec = { name: '@types/pg', version: '^8.11.10', dev: true, typesOnly: true };

export const postgresStore: StoreDescriptor = {
  id: 'postgres',
  label: 'PostgreSQL',
  hint: 'sessions in a table of your PostgreSQL database (DATABASE_URL)',
  persistent: true,
  dialect: 'postgres',
  env: [
    {
      key: 'DATABASE_URL',
      description: 'PostgreSQL connection URL',
      example: 'postgres://user:password@localhost:5432/app',
    },
  ],
  styles: {
    'connect-store': {
      packages: [
        { name: 'connect-pg-simple', version: '^10.0.0' },
        pg,
        { name: '@types/connect-pg-simple', version: '^7.0.3', dev: true, typesOnly: true },
        pgTypes,
      ],
    },
    'generated-adapter': { packages: [pg, pgTypes] },
  },
  besideKnex: {
    why: 'connect-pg-simple and the generated adapters query through a pg Pool, which knex does not expose',
    opens: 'its own pool (DATABASE_URL)',
    beside: "pool; count both against the server's connection limit",
  },
  // The connect store's table; the generated adapter uses the same one.
  get sql(): TableSql {
    return connectTableSql('postgres');
  },
};

/**
 * A store is described by data: which packages each framework family needs,
 * which env vars it reads, how its client is set up and which SQL it expects.
 * Frameworks turn a descriptor into code; migration writers turn its SQL into files.
 */
export type StoreId = 'memory' | 'postgres' | 'mysql' | 'sqlite' | 'redis';

export const STORE_IDS: readonly StoreId[] = ['memory', 'postgres', 'mysql', 'sqlite', 'redis'];

/** SQL dialects the migrations are written for. */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

/**
 * Families of frameworks that share store wiring:
 * connect = express-session compatible stores (Express, NestJS on Express, Fastify via the
 * connect-store factory), koa / hono = generated adapters, pavex = Rust crates.
 */
export type StoreFamily = 'connect' | 'koa' | 'hono' | 'pavex';

export interface PackageSpec {
  name: string;
  /** A version range, or a function of the app's lowest Node major. */
  version: string | ((nodeMajor: number) => string);
  dev?: boolean;
  /** Native build that needs its install script allowed (npm 11+, pnpm 10+, bun). */
  needsInstallScript?: boolean;
  /** Only for TypeScript apps (types packages). */
  typesOnly?: boolean;
}

export interface StoreEnvVar {
  key: string;
  description: string;
  example: string;
  /** Value written to .env when absent (for local defaults such as a SQLite file path). */
  localDefault?: string;
}

/** A column the store reads or writes, with its type as the database reports it (lower case). */
export interface ColumnShape {
  name: string;
  type: string;
}

export interface TableSql {
  /** Table name the store's options use. */
  table: string;
  /** Idempotent DDL creating table and expiry index. */
  up: string;
  down: string;
  /** Postgres schema the table lives in, when not the connection's default. */
  schema?: string;
  /** Name of the expiry index. */
  index?: string;
  /** Columns the store needs, to tell an existing table of the same name with another shape. */
  columns?: ColumnShape[];
}

export interface StoreDescriptor {
  id: StoreId;
  label: string;
  /** One-line hint for the picker. */
  hint: string;
  persistent: boolean;
  dialect: Dialect | null;
  env: StoreEnvVar[];
  /** Packages per framework family. */
  packages: Partial<Record<StoreFamily, PackageSpec[]>>;
  /** SQL per family (table shapes differ between connect stores and pavex crates). */
  sql?: Partial<Record<StoreFamily, TableSql>>;
}

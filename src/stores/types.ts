/**
 * A store is described by data: which packages each integration style needs,
 * which env vars it reads, which files it writes, how generated code shares the
 * app's client and which SQL it expects. Frameworks turn a descriptor into code;
 * migration writers turn its SQL into files. Nothing here names a framework.
 */
import type { ExistingClient } from './existing-client.js';

export type StoreId = 'memory' | 'postgres' | 'mysql' | 'sqlite' | 'redis';

export const STORE_IDS: readonly StoreId[] = ['memory', 'postgres', 'mysql', 'sqlite', 'redis'];

/** SQL dialects the migrations are written for. */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

/**
 * How a framework wires a store into its session middleware; a framework module
 * declares the one it uses (a framework wiring stores itself, like Pavex with its
 * crates, declares none):
 * - 'connect-store': an express-session compatible store package, handed to
 *   express-session or to @fastify/session through the connect-store factory;
 * - 'generated-adapter': a generated module with get/set/destroy by id on the
 *   store's own driver (templates/session-store/), which the framework's session
 *   module wraps in its middleware's store interface.
 */
export type IntegrationStyle = 'connect-store' | 'generated-adapter';

export const INTEGRATION_STYLES: readonly IntegrationStyle[] = ['connect-store', 'generated-adapter'];

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
  /** The store package whose table this is, named in migration comments. */
  storePackage: string;
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

/** How generated code takes the app's exported client: the local it imports it as, and any line adapting it. */
export interface SharedClientCode {
  local: string;
  setup?: string;
}

/** What a store needs when wired in one integration style. */
export interface StyleFacts {
  /** Store package, driver and types, in install order. */
  packages: PackageSpec[];
  /** Files the store writes in the project (.gitignore patterns). */
  ignore?: string[];
  /** How the generated code shares the app's client (default: imported as `sessionPool`). */
  sharedClient?: (client: ExistingClient) => SharedClientCode;
  /** The store package imports express-session at run time (a peer @fastify/session setups must install). */
  importsExpressSession?: boolean;
  /** The store package takes the app's knex instance whole (on this store's dialect). */
  takesKnex?: {
    /** Packages the shared instance makes unnecessary. */
    replaces: string[];
    /** Next step when it is shared. */
    shared: string;
    /** Next step when an instance's client cannot be read: how to share it by hand. */
    byHand: string;
  };
}

export interface StoreDescriptor {
  id: StoreId;
  label: string;
  /** One-line hint for the picker. */
  hint: string;
  /** False for in-process stores (lost on restart, not shared between instances). */
  persistent: boolean;
  dialect: Dialect | null;
  env: StoreEnvVar[];
  /** Packages and facts per integration style. */
  styles: Record<IntegrationStyle, StyleFacts>;
  /** The session table the user creates (both styles use the connect store's table). */
  sql?: TableSql;
  /** Said after every `add` with this store. */
  nextStep?: string;
  /** Why the store cannot run on an app's knex instance of its dialect, what it opens instead and beside what. */
  besideKnex?: { why: string; opens: string; beside: string };
}

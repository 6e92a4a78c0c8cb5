/**
 * A framework integration is data plus a few small functions. The core never
 * names a framework: it walks the registry and calls these.
 */
import type { PlanBuilder } from '../core/plan.js';
import type { Project } from '../detect/project.js';
import type { StoreContext } from '../stores/context.js';
import type { IntegrationStyle, StoreDescriptor, StoreId } from '../stores/types.js';
import type { CheckFinding, OrderingRule, RequirementRule, SessionStep } from '../core/session-steps.js';

/** The shared vocabulary (core/session-steps.ts), named here too because a framework supplies it. */
export type { CheckFinding, OrderingRule, RequirementRule, SessionStep };

export interface FrameworkDetection {
  /** Relative path of the file to edit (app setup, main.ts, blueprint.rs...). */
  setupFile: string | null;
  /** Why we think so, shown by `info`. */
  reasons: string[];
  /** Version of the framework as declared, if known. */
  version?: string;
  /** Extra facts for info (adapter, existing session setup...). */
  facts?: Record<string, string | boolean | number | null>;
}

/** What add hands a framework's `plan` (the command's own options are add/options.ts). */
export interface PlanOptions {
  store: StoreDescriptor;
  /** Repair a wrong existing order instead of refusing. */
  fixOrder: boolean;
  /** The project's Postgres schema, reusable client and migration tool for the store. */
  storeContext?: StoreContext;
}

export interface PlanContext {
  project: Project;
  detection: FrameworkDetection;
  builder: PlanBuilder;
  options: PlanOptions;
}

export interface RemoveContext {
  project: Project;
  detection: FrameworkDetection;
  builder: PlanBuilder;
}

/** A session middleware package and the defaults of its options that check's option rules read. */
export interface SessionPackage {
  name: string;
  /** Where it keeps sessions when given no `store` option. */
  defaultStore: 'memory' | 'cookie';
  /**
   * The default of its `saveUninitialized` option; absent when it has none
   * (koa-session never stores a session that holds nothing).
   */
  saveUninitializedDefault?: boolean;
  /** `cookie.secure` when not given: true (@fastify/session) or false (express-session). */
  secureDefault?: boolean;
}

export interface TrustProxy {
  /** Any match in a source means the app trusts its proxy. */
  patterns: RegExp[];
  /** What a Secure cookie does behind a proxy the app does not trust, for the message. */
  breaks: string;
  /** The fix, one line. */
  fix: string;
  /**
   * How `check --fix` adds it: a statement after the app's creation, or an option in the
   * object given to a call (`Fastify({ trustProxy: true })`); or, where it depends on the
   * detected setup (Nest's adapter), a function choosing one. Absent: by hand.
   */
  repair?: TrustProxyRepair | ((detection: FrameworkDetection | null) => TrustProxyRepair | undefined);
}

export type TrustProxyRepair =
  /** `app` is the app's name, `creation` the statement creating it. */
  | { statement: (app: string, creation: string) => string }
  /** `call` finds the call's opening (up to its first argument), in the creation or else in the file. */
  | { option: string; call: RegExp };

export interface FrameworkModule {
  id: string;
  name: string;
  ecosystem: 'node' | 'rust';
  /**
   * How this framework wires stores, and the templates/ folder holding its session
   * module. Absent for a framework that wires stores itself (Pavex and its crates):
   * `add` then looks up no session table or shared client for it.
   */
  integration?: { style: IntegrationStyle; templates: string };
  /** Stores this framework supports. */
  stores: readonly StoreId[];
  /** Step kinds the recogniser reports, with a label for messages. */
  stepKinds: Record<string, string>;
  ordering: OrderingRule[];
  /** `add --fix-order` moves a misordered session setup of this framework into place (check then names it). */
  fixesOrder?: boolean;
  /**
   * How the app registers the session module session-kit generated, given the names it
   * imported (check's fix when they are imported and unused); default `app.use(middleware)`.
   */
  registerGenerated?(names: { middleware: string; keys?: string }): string;
  requirements?: RequirementRule[];
  /**
   * Session middleware packages and where they keep sessions when given no `store`
   * option; `check` reports an implicit in-memory store in a deployed project.
   */
  sessionPackages?: SessionPackage[];
  /**
   * How the app trusts a TLS-terminating proxy (`app.set('trust proxy', 1)`, `app.proxy = true`,
   * `trustProxy: true`): patterns over comment-free source text, what a secure cookie does
   * without it, and the line to add. Read by check's secure-cookie-without-trust-proxy rule.
   */
  trustProxy?: TrustProxy;
  /** Cheap test on package.json / Cargo.toml; runs for every framework during detection. */
  detect(project: Project): FrameworkDetection | null;
  /** Contribute the session setup to the plan. Throws UserError to refuse. */
  plan(ctx: PlanContext): Promise<void>;
  /** Find session steps in the project's code, statically. */
  recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]>;
  /** Extra framework-specific findings for `check` beyond ordering/requirements. */
  extraChecks?(project: Project, detection: FrameworkDetection, steps: SessionStep[]): Promise<CheckFinding[]>;
  /** Undo what `plan` added. */
  planRemove?(ctx: RemoveContext): Promise<void>;
}

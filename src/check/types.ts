/**
 * Contracts of the check engine. Framework rules come from FrameworkModule data
 * (ordering, requirements, extraChecks); the rules in rules/ hold for every framework.
 */
import type { Project } from '../detect/project.js';
import type { CheckFinding, Repair, SessionStep } from '../core/session-steps.js';
import type { FrameworkDetection, FrameworkModule } from '../frameworks/types.js';
import type { SessionSetup } from './session-setups.js';
import type { ProjectSources, SourceFile } from './sources.js';

export type { CheckFinding, Repair };

export interface RuleContext {
  project: Project;
  framework: FrameworkModule | null;
  detection: FrameworkDetection | null;
  steps: SessionStep[];
  sources: ProjectSources;
  /** Sources that take part in the session setup (import a session package or are generated). */
  sessionFiles: SourceFile[];
  /** Every session setup in the files the app loads (session-setups.ts), in load order. */
  sessionSetups: SessionSetup[];
}

/** A framework-agnostic rule. */
export interface GenericRule {
  /** Rule ids this rule can report (documented in the README). */
  ids: string[];
  ecosystems: ReadonlyArray<'node' | 'rust'>;
  run(ctx: RuleContext): CheckFinding[];
}

export type ProjectStatus = 'checked' | 'no-session' | 'unreadable';

export interface ProjectReport {
  /** Absolute root of the project. */
  root: string;
  framework: { id: string; name: string } | null;
  status: ProjectStatus;
  /** For 'no-session' and 'unreadable': why, in one sentence; for 'checked': a note (e.g. a scan limit), else null. */
  message: string | null;
  findings: CheckFinding[];
}

export interface CheckReport {
  projects: ProjectReport[];
  strict: boolean;
}

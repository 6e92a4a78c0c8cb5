/**
 * The plan steps every Node integration takes over a session setup already in the
 * app: refuse a second session, refuse (or with --fix-order move) one registered in
 * the wrong order, and refuse to switch the store of modules session-kit wrote.
 */
import type { File } from '@babel/types';
import { UserError } from '../../core/errors.js';
import {
  insertionWindow,
  orderingViolations,
  violationToFinding,
  type OrderingViolation,
} from '../../core/ordering.js';
import type { PlanBuilder } from '../../core/plan.js';
import type { ProjectFiles } from '../../detect/project.js';
import { bindingFor, moduleBindings } from '../../edit/js/modules.js';
import type { StoreDescriptor } from '../../stores/types.js';
import type { OrderingRule, SessionStep } from '../types.js';
import { generatedStore, isGenerated } from './generated-module.js';
import { moveStatementAfter } from './insert.js';
import { selfCommand } from '../../core/self-command.js';

/** `what`: the kind of thing registered, e.g. "session middleware" or "session plugin". */
export function sessionExistsError(
  file: string,
  step: Pick<SessionStep, 'line' | 'column'>,
  what = 'session middleware',
): UserError {
  return new UserError(`${file} already registers a ${what}; session-kit does not add a second one.`, {
    where: { file, line: step.line, column: step.column },
    hint: `Run \`${selfCommand('check')}\` to verify its order and options.`,
    code: 'session-exists',
  });
}

/** The first violation as a refusal; `fixable` adds that --fix-order would move it. */
export function wrongOrderError(
  violation: OrderingViolation,
  labels: Record<string, string>,
  fixable = true,
): UserError {
  const finding = violationToFinding(violation, labels);
  return new UserError(finding.message, {
    where: { file: finding.file, line: finding.line, column: finding.column },
    hint: `${finding.fix}${fixable ? ' Or re-run with --fix-order to let session-kit move it.' : ''}`,
    code: 'wrong-order',
  });
}

/** The app's hard order leaves no window for a new session middleware: the lines to add by hand. */
export function noPlaceError(file: string, manual: string): UserError {
  return new UserError(`${file}: the existing middleware order leaves no place for the session.`, {
    where: { file },
    manual,
    code: 'wrong-order',
  });
}

/** The app is a class field and nothing in the class runs after it: no statement to register the session beside. */
export function noCodeAfterFieldError(file: string, manual: string): UserError {
  return new UserError(
    `${file}: the app is created in a class field and no constructor or method configures it, so there is no place to register the session.`,
    {
      where: { file },
      hint: 'Add the lines in the code that configures the app (usually the constructor), then run session-kit add again to write the rest.',
      manual,
      code: 'app-not-found',
    },
  );
}

/** Does the setup file import the generated session module (by its specifier, with or without extension)? */
export function importsGeneratedModule(ast: File, importSource: string): boolean {
  return Boolean(
    bindingFor(moduleBindings(ast), (s) => s === importSource || s === importSource.replace(/\.[cm]?js$/, '')),
  );
}

/** A module session-kit wrote for another store blocks a silent switch. */
export function refuseStoreSwitch(files: ProjectFiles, modulePath: string, store: StoreDescriptor): void {
  const text = files.read(modulePath);
  const previous = generatedStore(text);
  if (isGenerated(text) && previous && previous !== store.id) {
    throw new UserError(`Sessions are already set up with the ${previous} store (${modulePath}).`, {
      where: { file: modulePath, line: 1 },
      hint: `Run \`${selfCommand('remove')}\` first to switch to ${store.id}.`,
      code: 'store-mismatch',
    });
  }
}

/** The setup file a Node integration edits, with its ordering vocabulary: what the shared plan steps read. */
export interface SetupEdit {
  builder: PlanBuilder;
  file: string;
  text: string;
  ast: File;
  rules: OrderingRule[];
  labels: Record<string, string>;
  fixOrder: boolean;
  /** Specifier of the generated session module. */
  importSource: string;
}

/** The SetupEdit of a setup file read by readSetupFile, with the framework's ordering rules and step labels. */
export function setupEdit(
  builder: PlanBuilder,
  setup: { file: string; text: string; ast: File; target: { importSource: string } },
  vocabulary: { rules: OrderingRule[]; labels: Record<string, string>; fixOrder: boolean },
): SetupEdit {
  const { file, text, ast, target } = setup;
  return { builder, file, text, ast, ...vocabulary, importSource: target.importSource };
}

export interface ExistingMiddleware extends SetupEdit {
  steps: SessionStep[];
  /** The registered session step. */
  existing: SessionStep;
}

/**
 * A session middleware registered by one statement (`app.use(...)`): refused when out of
 * order, or moved after the step the rules place it after with --fix-order. Returns
 * 'ours' when it is session-kit's own (the rest of the plan refreshes the generated
 * files) and 'moved' when it is the app's own and only its order was repaired;
 * refuses any other second session.
 */
export function planExistingMiddleware(m: ExistingMiddleware): 'ours' | 'moved' {
  const violations = orderingViolations(m.steps, m.rules).filter((v) => v.step === m.existing);
  if (violations.length && !m.fixOrder) throw wrongOrderError(violations[0], m.labels);
  if (violations.length) {
    const window = insertionWindow(
      'session',
      m.steps.filter((s) => s !== m.existing),
      m.rules,
    );
    // No place for the session alone (a step it needs first, such as the cookie plugin, sits
    // after a step it must precede): moving one statement cannot repair it.
    if (!window) throw wrongOrderError(violations[0], m.labels, false);
    const anchor = window.after ?? m.steps[0];
    m.builder.edit(
      m.file,
      moveStatementAfter(m.text, m.existing, anchor),
      `moves the session middleware after ${m.labels[anchor.kind]} (--fix-order)`,
    );
  }
  if (importsGeneratedModule(m.ast, m.importSource)) return 'ours';
  if (violations.length) return 'moved';
  throw sessionExistsError(m.file, m.existing);
}

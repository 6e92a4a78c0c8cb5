/**
 * Registers @fastify/cookie then @fastify/session on an app the recogniser found
 * (a Fastify app, or a NestJS app on the Fastify adapter): repairs or refuses an
 * existing wrong order, picks the spot between the plugins and the routes, and
 * writes the lines in the file's style (await or not, chain or statements).
 */
import type { File } from '@babel/types';
import { UserError } from '../../core/errors.js';
import type { PlanBuilder } from '../../core/plan.js';
import { insertionWindow, orderingViolations, violationToFinding } from '../../core/ordering.js';
import { declaredNames } from '../../edit/js/declarations.js';
import { bindingFor, moduleBindings } from '../../edit/js/modules.js';
import { indentOfLine, lineStart } from '../../edit/lines.js';
import { insertAt, type Splice } from '../../edit/splice.js';
import { restyle, type CodeStyle } from '../../edit/style.js';
import { importSplice, linesAfterStatement, linesBeforeStatement } from '../node/insert.js';
import { importsGeneratedModule, sessionExistsError, wrongOrderError } from '../node/existing-session.js';
import { freeLocal, importedAs } from '../node/registration.js';
import { reorderSplices } from '../node/reorder.js';
import type { OrderingRule, SessionStep } from '../types.js';
import type { FastifyStep } from './recognise.js';

export const COOKIE_LOCAL = 'fastifyCookie';
export const SESSION_LOCAL = 'fastifySession';
export const OPTIONS_NAME = 'sessionOptions';

export interface RegistrationTarget {
  file: string;
  text: string;
  ast: File;
  style: CodeStyle;
  syntax: 'esm' | 'cjs';
  appName: string;
  steps: FastifyStep[];
  /** `await app.register(...)` (else plain calls; Fastify queues them in order). */
  useAwait: boolean;
  /** Import default exports as `import * as x` (TypeScript to CommonJS without esModuleInterop). */
  namespaceImports: boolean;
  rules: OrderingRule[];
  labels: Record<string, string>;
  fixOrder: boolean;
  /** Specifier of the generated session module. */
  importSource: string;
  /** Shown in messages: the line creating the app, for manual instructions. */
  appLabel: string;
}

export interface RegistrationResult {
  /** The app already registers a session plugin of its own (not ours): nothing else to generate. */
  foreignSession: boolean;
  /** The app already registers @fastify/cookie (ours or its own). */
  hasCookie: boolean;
}

function importSpec(local: string, namespace: boolean): { default?: string; named?: string[]; namespace?: string } {
  return namespace ? { namespace: local } : { default: local };
}

export function manualRegistration(
  t: Pick<RegistrationTarget, 'syntax' | 'appName' | 'importSource' | 'useAwait' | 'namespaceImports'>,
  withCookie = true,
): string {
  const imp = (local: string, source: string) =>
    t.syntax === 'cjs'
      ? `const ${local} = require('${source}');`
      : t.namespaceImports
        ? `import * as ${local} from '${source}';`
        : `import ${local} from '${source}';`;
  const named =
    t.syntax === 'cjs'
      ? `const { ${OPTIONS_NAME} } = require('${t.importSource}');`
      : `import { ${OPTIONS_NAME} } from '${t.importSource}';`;
  const aw = t.useAwait ? 'await ' : '';
  return [
    ...(withCookie ? [imp(COOKIE_LOCAL, '@fastify/cookie')] : []),
    imp(SESSION_LOCAL, '@fastify/session'),
    named,
    `// after the app is created and its plugins are registered, before any route or routes plugin:`,
    ...(withCookie ? [`${aw}${t.appName}.register(${COOKIE_LOCAL});`] : []),
    `${aw}${t.appName}.register(${SESSION_LOCAL}, ${OPTIONS_NAME});`,
  ].join('\n');
}

function importLineSplice(
  t: RegistrationTarget,
  source: string,
  spec: { default?: string; named?: string[]; namespace?: string },
  usedAt?: number,
): Splice {
  if (spec.namespace) {
    // `import * as x from 'y'`: written by hand, placed like any other import.
    const splice = importSplice(t.ast, t.text, t.style, t.syntax, source, { default: spec.namespace }, usedAt);
    return {
      ...splice,
      text: splice.text.replace(`import ${spec.namespace} from`, `import * as ${spec.namespace} from`),
    };
  }
  return importSplice(t.ast, t.text, t.style, t.syntax, source, spec, usedAt);
}

/** Text inserted into a `.register` chain before the call at `dot`. */
function chainSplice(t: RegistrationTarget, dot: number, calls: string[]): Splice {
  const start = lineStart(t.text, dot);
  const multiline = /^[ \t]*$/.test(t.text.slice(start, dot));
  if (multiline) {
    const indent = indentOfLine(t.text, dot);
    return insertAt(
      start,
      calls.map((c) => indent + restyle(c, t.style).replace(/;$/, '')).join(t.style.eol) + t.style.eol,
    );
  }
  return insertAt(dot, calls.map((c) => restyle(c, t.style).replace(/;$/, '')).join(''));
}

export function planFastifyRegistration(builder: PlanBuilder, t: RegistrationTarget): RegistrationResult {
  const bindings = moduleBindings(t.ast);
  const cookieStep = t.steps.find((s) => s.kind === 'cookie');
  const sessionStep = t.steps.find((s) => s.kind === 'session');
  const ours = importsGeneratedModule(t.ast, t.importSource);
  const otherSession = t.steps.find((s) => s.kind === 'other-session');
  if (otherSession) {
    throw new UserError(
      `${t.file} already registers a session plugin (${otherSession.plugin ?? 'another session plugin'}); session-kit does not add a second one.`,
      {
        where: { file: t.file, line: otherSession.line, column: otherSession.column },
        hint: 'Keep one session plugin: remove it first if you want session-kit to set up @fastify/session.',
        code: 'session-exists',
      },
    );
  }

  if (sessionStep) {
    const violations = orderingViolations(t.steps, t.rules);
    if (violations.length) {
      // Steps of methods run where the methods are called (Nest's `this.app`): one moved statement cannot reorder them.
      const inMethods = violations.some((v) => v.step.loadedAt || v.other.loadedAt);
      if (!t.fixOrder || inMethods) throw wrongOrderError(violations[0], t.labels, !inMethods);
      // The cookie plugin moves with the session when it sits between the session and the
      // step the session must go above: the session needs it registered first.
      const moved = violations.filter((v) => v.step === sessionStep && v.relation === 'before');
      const target = moved.reduce<SessionStep | null>((a, v) => (!a || v.other.start < a.start ? v.other : a), null);
      const companion =
        cookieStep && target && cookieStep.start > target.start && cookieStep.start < sessionStep.start
          ? [{ ...moved[0], step: cookieStep, other: target }]
          : [];
      const splices = reorderSplices(t.text, [...companion, ...violations]);
      if (!splices) {
        const finding = violationToFinding(violations[0], t.labels);
        throw new UserError(`${finding.message} session-kit cannot repair this by moving one statement.`, {
          where: { file: finding.file, line: finding.line, column: finding.column },
          hint: finding.fix,
          code: 'wrong-order',
        });
      }
      builder.edit(t.file, splices, 'moves the session registrations into the order Fastify needs (--fix-order)');
    }
    if (!cookieStep) {
      // @fastify/session without @fastify/cookie fails at boot: add the cookie right above it.
      const bound = bindingFor(bindings, '@fastify/cookie')?.defaultName;
      const local = bound ?? freeLocal(declaredNames(t.ast), COOKIE_LOCAL);
      if (!bound)
        builder.edit(
          t.file,
          [importLineSplice(t, '@fastify/cookie', importSpec(local, t.namespaceImports))],
          'imports @fastify/cookie',
        );
      const aw = sessionStep.awaited ? 'await ' : '';
      builder.edit(
        t.file,
        [linesBeforeStatement(t.text, sessionStep.start, [`${aw}${t.appName}.register(${local});`], t.style)],
        'registers @fastify/cookie, which @fastify/session needs first',
      );
    }
    if (!ours && !violations.length && cookieStep) throw sessionExistsError(t.file, sessionStep, 'session plugin');
    if (!ours)
      builder.warn(
        `${t.file}:${sessionStep.line} registers a session plugin of its own: session-kit repaired its order and kept it (no store module written).`,
      );
    return { foreignSession: !ours, hasCookie: true };
  }

  const window = insertionWindow('session', t.steps, t.rules);
  let moveCookie: Splice[] = [];
  let spot = window;
  if (!window) {
    // Only a hard "after" can conflict: the existing cookie registration comes after a route
    // (the first step the session is placed before, as insertionWindow found it).
    const before = [...t.steps]
      .sort((a, b) => a.start - b.start)
      .find((s) => t.rules.some((r) => r.step === 'session' && r.before?.includes(s.kind)));
    if (!cookieStep || !before) throw new Error('internal: no insertion window without a conflicting cookie');
    const violation = {
      rule: t.rules.find((r) => r.step === 'session' && r.before?.includes(before.kind))!,
      step: cookieStep,
      other: before,
      relation: 'before' as const,
    };
    if (!t.fixOrder) {
      throw new UserError(
        `${t.labels.cookie} comes after ${t.labels[before.kind]} (${before.file}:${before.line}); the session must go after the cookie and before the routes.`,
        {
          where: { file: t.file, line: cookieStep.line, column: cookieStep.column },
          hint: 'Move the @fastify/cookie registration above the first route, or re-run with --fix-order to let session-kit move it.',
          code: 'wrong-order',
        },
      );
    }
    const splices = reorderSplices(t.text, [violation]);
    if (!splices) {
      throw new UserError(
        `${t.labels.cookie} comes after ${t.labels[before.kind]} and session-kit cannot move it by itself.`,
        {
          where: { file: t.file, line: cookieStep.line, column: cookieStep.column },
          hint: 'Move the @fastify/cookie registration above the first route, then run session-kit add again.',
          code: 'wrong-order',
        },
      );
    }
    moveCookie = splices;
    spot = { after: null, before };
  }

  const aw = t.useAwait ? 'await ' : '';
  // New bindings take names the file declares nowhere (a `fastifySession` of its own is aliased around).
  const taken = declaredNames(t.ast);
  const cookieBinding = cookieStep?.plugin ?? bindingFor(bindings, '@fastify/cookie')?.defaultName;
  const cookieLocal = cookieBinding ?? freeLocal(taken, COOKIE_LOCAL);
  const sessionBinding = bindingFor(bindings, (s) => s === '@fastify/session');
  const sessionLocal = sessionBinding?.defaultName ?? freeLocal(taken, SESSION_LOCAL);
  const optionsLocal = freeLocal(taken, OPTIONS_NAME);
  const calls = [
    ...(cookieStep ? [] : [`${t.appName}.register(${cookieLocal});`]),
    `${t.appName}.register(${sessionLocal}, ${optionsLocal});`,
  ];

  const before = (spot?.before ?? null) as FastifyStep | null;
  const after = (spot?.after ?? null) as FastifyStep | null;
  // Where the registrations go, so a CommonJS require of what they use lands above them.
  const usedAt =
    before && before.chainIndex > 0 ? before.callStart : after && !moveCookie.length ? after.end : before?.start;
  const as = (local: string) => (/^(fastifyCookie|fastifySession|sessionOptions)$/.test(local) ? '' : ` as ${local}`);
  if (!cookieBinding)
    builder.edit(
      t.file,
      [importLineSplice(t, '@fastify/cookie', importSpec(cookieLocal, t.namespaceImports), usedAt)],
      `imports @fastify/cookie${as(cookieLocal)}`,
    );
  if (!sessionBinding)
    builder.edit(
      t.file,
      [importLineSplice(t, '@fastify/session', importSpec(sessionLocal, t.namespaceImports), usedAt)],
      `imports @fastify/session${as(sessionLocal)}`,
    );
  builder.edit(
    t.file,
    [importLineSplice(t, t.importSource, { named: [importedAs(OPTIONS_NAME, optionsLocal)] }, usedAt)],
    `imports the session options${as(optionsLocal)}`,
  );
  if (moveCookie.length)
    builder.edit(t.file, moveCookie, 'moves the @fastify/cookie registration above the routes (--fix-order)');

  const reason = `registers ${cookieStep ? '@fastify/session after @fastify/cookie' : '@fastify/cookie then @fastify/session'}${before ? `, before ${t.labels[before.kind]}` : ''}`;
  if (before && before.chainIndex > 0) {
    builder.edit(
      t.file,
      [
        chainSplice(
          t,
          before.callStart,
          calls.map((c) => c.replace(`${t.appName}.`, '.')),
        ),
      ],
      reason,
    );
  } else if (after && !moveCookie.length) {
    builder.edit(
      t.file,
      [
        linesAfterStatement(
          t.text,
          after.start,
          after.end,
          calls.map((c) => aw + c),
          t.style,
        ),
      ],
      reason,
    );
  } else if (before) {
    builder.edit(
      t.file,
      [
        linesBeforeStatement(
          t.text,
          before.start,
          calls.map((c) => aw + c),
          t.style,
        ),
      ],
      reason,
    );
  } else {
    throw new UserError(`No place found in ${t.file} to register the session on ${t.appLabel}.`, {
      where: { file: t.file },
      hint: 'Add the lines by hand, then run session-kit add again to write the rest.',
      manual: manualRegistration(t, !cookieStep),
      code: 'app-not-found',
    });
  }
  return { foreignSession: false, hasCookie: Boolean(cookieStep) };
}

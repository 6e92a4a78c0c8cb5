/**
 * A session middleware registered on a sub-router or sub-app (`api.use(session(…))`,
 * `api.use(useSession())`) covers that router only. A route or middleware registered on
 * the app itself (or on a sibling router the session's router does not mount), in the
 * same file, that reads the session runs without it: `req.session` (Hono:
 * `c.get('session')`) is undefined there. So does a router module of another file,
 * imported relatively or through an alias, whose code reads the session
 * (edit/js/session-use.ts follows it). The app's name comes from the framework's
 * recognised `app` step.
 *
 * A session registered on the app for one path only (`app.use('/api', session(…))`,
 * Hono `app.use('/api/*', useSession())`) covers that path only: a route registered
 * after it on a path outside it, or a path-less middleware (it runs on every path), that
 * reads the session runs without it there.
 */
import { lineColumn } from '../../edit/lines.js';
import { moduleSessionUse } from '../../edit/js/session-use.js';
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { matchingClose } from '../mask.js';
import type { SourceFile } from '../sources.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';
import { escapeIdentifier } from '../../edit/regex.js';

/** `name.use(` with only a path or other middleware before the session in the call. */
const REGISTERED_ON = /([A-Za-z_$][\w$]*)\s*\.\s*use\s*\([^;{}]*$/;
/** Express `Router()`, `express.Router()`, `express()`; Hono `new Hono()`. */
const SUB_APP = (name: string) =>
  new RegExp(
    String.raw`(?<![\w$.])(?:const|let|var)\s+${escapeIdentifier(name)}\s*(?::[^=]+)?=\s*(?:(?:express\s*\.\s*)?Router\s*\(|express\s*\(|new\s+Hono\s*[(<])`,
  );
const READS_SESSION =
  /(?<![\w$])(?:req|request)\.(?:session|user)\b|(?<![\w$])req\.(?:isAuthenticated|login|logIn|logout|logOut)\s*\(|\bc\.(?:get\s*\(\s*['"`]session['"`]|var\.session\b)/;
const APP_CALL = (app: string) =>
  new RegExp(
    String.raw`(?<![\w$.])${escapeIdentifier(app)}\s*\.\s*(?:use|get|post|put|patch|delete|all|on|route)\s*\(`,
    'g',
  );
/** Routers declared in the file: `const admin = express.Router()`, `const admin = new Hono()`. */
const DECLARED_ROUTER =
  /(?<![\w$.])(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:(?:express\s*\.\s*)?Router\s*\(|new\s+Hono\s*[(<])/g;
const INLINE_REQUIRE = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
const IDENTIFIER = /(?<![\w$.'"`])[A-Za-z_$][\w$]*(?![\w$'"`])/g;

export const sessionCoverage: GenericRule = {
  ids: ['session-used-outside-middleware'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const appStep = ctx.steps.find((s) => s.kind === 'app');
    const app = appStep ? /(?:const|let|var)\s+([A-Za-z_$][\w$]*)/.exec(appStep.text)?.[1] : undefined;
    if (!app || !appStep) return [];
    const source = ctx.sources.get(appStep.file);
    if (!source) return [];
    const readerIn = sessionReaders(ctx, source);
    return [...subRouterFindings(ctx, source, app, readerIn), ...pathLimitedFindings(ctx, source, app, readerIn)];
  },
};

type ReaderIn = (args: string, bareArgs: string) => string | null;

/** What in a call's arguments reads the session: its own code, or the module it mounts. */
function sessionReaders(ctx: RuleContext, source: SourceFile): ReaderIn {
  // Modules a name of this file comes from (relative or aliased), followed only when mounted.
  const moduleOf = new Map<string, string>();
  for (const b of textBindings(source.masked)) for (const local of b.locals) moduleOf.set(local, b.source);
  const modules = new Map<string, boolean>();
  const readsModule = (specifier: string) => {
    let reads = modules.get(specifier);
    if (reads === undefined) {
      reads = moduleSessionUse(ctx.project.files, source.file, specifier) === 'reads';
      modules.set(specifier, reads);
    }
    return reads;
  };
  return (args, bareArgs) => {
    if (READS_SESSION.test(args)) return 'this reads the session';
    for (const m of args.matchAll(INLINE_REQUIRE))
      if (readsModule(m[2])) return `this mounts ${m[2]}, whose code reads the session,`;
    for (const m of bareArgs.matchAll(IDENTIFIER)) {
      const specifier = moduleOf.get(m[0]);
      if (specifier && readsModule(specifier))
        return `this mounts ${m[0]} (from ${specifier}), whose code reads the session,`;
    }
    return null;
  };
}

/** A session registered on a sub-router (`api.use(session(…))`): the app's own readers miss it. */
function subRouterFindings(ctx: RuleContext, source: SourceFile, app: string, readerIn: ReaderIn): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const { code, bare } = source.masked;
  for (const setup of ctx.sessionSetups.filter((s) => s.file === source.file)) {
    const on = REGISTERED_ON.exec(code.slice(Math.max(0, setup.start - 200), setup.start))?.[1];
    if (!on || on === app || !SUB_APP(on).test(code)) continue;
    const setupLine = lineColumn(source.text, setup.start).line;
    const onPattern = new RegExp(String.raw`(?<![\w$.])${escapeIdentifier(on)}(?![\w$])`);
    // The app, and routers of this file that the session's router does not mount.
    const mountedOnSession = argsOf(code, bare, on).join('\n');
    const targets = [app];
    for (const m of code.matchAll(DECLARED_ROUTER)) {
      if (
        m[1] !== on &&
        m[1] !== app &&
        !new RegExp(String.raw`(?<![\w$.])${escapeIdentifier(m[1])}(?![\w$])`).test(mountedOnSession)
      )
        targets.push(m[1]);
    }
    for (const target of targets) {
      const calls = APP_CALL(target);
      for (let m = calls.exec(bare); m; m = calls.exec(bare)) {
        const open = m.index + m[0].length - 1;
        const close = matchingClose(bare, open);
        const args = code.slice(open, close);
        // Mounting the router that has the session is fine; so is a call that never reads it.
        if (onPattern.test(args)) continue;
        const reader = readerIn(args, bare.slice(open, close));
        if (!reader) continue;
        findings.push(
          findingAt(source, m.index, {
            ruleId: 'session-used-outside-middleware',
            severity: 'error',
            message: `${reader} but is registered on ${target}, while the session middleware is registered on ${on} only (line ${setupLine}): it runs without a session, and reads undefined`,
            fix: `Register the session on ${app} itself, before its routers (${app}.use(...)), or mount this on ${on}.`,
          }),
        );
      }
    }
  }
  return findings;
}

/** `app.use('<path>', …` at a registration's statement start or just before its argument. */
const PATH_USE_AT = /^\s*([A-Za-z_$][\w$]*)\s*\.\s*use\s*\(\s*(['"])([^'"\n]*)\2\s*,/;
const PATH_USE_BEFORE = /([A-Za-z_$][\w$]*)\s*\.\s*use\s*\(\s*(['"])([^'"\n]*)\2\s*,[^;{}]*$/;
/** A call's leading path argument: `'/account'` of `app.get('/account', …)`. */
const LEADING_PATH = /^\(\s*(['"])([^'"\n]*)\1\s*,/;

/**
 * The session middleware registered on the app for one path: a route or path-less
 * middleware registered after it, outside that path, that reads the session.
 */
function pathLimitedFindings(ctx: RuleContext, source: SourceFile, app: string, readerIn: ReaderIn): CheckFinding[] {
  const { code, bare } = source.masked;
  const findings: CheckFinding[] = [];
  for (const step of ctx.steps.filter((s) => s.kind === 'session' && s.file === source.file)) {
    const lookBack = Math.max(0, step.start - 300);
    const at = PATH_USE_AT.exec(code.slice(step.start, step.start + 300));
    const m = at ?? PATH_USE_BEFORE.exec(code.slice(lookBack, step.start));
    if (!m || m[1] !== app) continue;
    const limit = sessionPath(m[3]);
    if (limit === null) continue;
    const useOpen = (at ? step.start : lookBack) + m.index + m[0].indexOf('(');
    const after = matchingClose(bare, useOpen);
    const calls = APP_CALL(app);
    calls.lastIndex = after;
    for (let c = calls.exec(bare); c; c = calls.exec(bare)) {
      const open = c.index + c[0].length - 1;
      const close = matchingClose(bare, open);
      const method = /\.\s*([a-z]+)\s*\($/.exec(c[0])?.[1] ?? '';
      const path = LEADING_PATH.exec(code.slice(open, close))?.[2];
      // A path-less use() runs on every path; a route of a literal path, or a mount, only on its own.
      if (path === undefined ? method !== 'use' : !outside(path, limit, method === 'use' || method === 'route'))
        continue;
      const reader = readerIn(code.slice(open, close), bare.slice(open, close));
      if (!reader) continue;
      const where = path === undefined ? 'runs on every path' : `is registered for ${path}`;
      findings.push(
        findingAt(source, c.index, {
          ruleId: 'session-used-outside-middleware',
          severity: 'error',
          message: `${reader} but ${where}, while the session middleware is registered for ${m[3]} only (line ${step.line}): outside that path it runs without a session, and reads undefined`,
          fix: `Register the session on ${app} for every path (${app}.use(<session>) without a path), or move this under ${m[3]}.`,
        }),
      );
    }
  }
  return findings;
}

/**
 * The path a session registration is limited to, as its base (`'/api'` for `'/api'`
 * and `'/api/*'`); null when it covers every path or its pattern is not a plain path.
 */
function sessionPath(pattern: string): string | null {
  const base = basePath(pattern);
  if (base === '' || base === '*') return null;
  return /^\/[\w\-./]*$/.test(base) ? base : null;
}

/**
 * Whether `path` lies wholly outside the session's base. Express matches a use() path
 * as a prefix, Hono an exact path or a `/*` wildcard: only paths outside the base under
 * both readings count. A mount (`use`, Hono's `route`) outside covers nothing the base
 * holds unless the base lies under the mount.
 */
function outside(path: string, base: string, mount: boolean): boolean {
  const under = (p: string, prefix: string) => p === prefix || p.startsWith(`${prefix}/`) || prefix === '';
  const plain = basePath(path);
  if (!/^\/?[\w\-./:]*$/.test(plain)) return false;
  if (under(plain, base)) return false;
  return !(mount && under(base, plain));
}

/** A path without its `/*` wildcard and trailing slashes: `/api/*` and `/api/` are `/api`. */
function basePath(path: string): string {
  return path.replace(/\/\*$/, '').replace(/\/+$/, '');
}

/** The argument lists of every `name.use(…)`/route call, as code. */
function argsOf(code: string, bare: string, name: string): string[] {
  const out: string[] = [];
  const calls = APP_CALL(name);
  for (let m = calls.exec(bare); m; m = calls.exec(bare)) {
    const open = m.index + m[0].length - 1;
    out.push(code.slice(open, matchingClose(bare, open)));
  }
  return out;
}

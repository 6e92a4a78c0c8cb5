/**
 * actix-web findings beyond ordering, from the rules data in rules.ts: a cookie key made
 * by `Key::generate()` or written as a literal, and a session middleware wrapped on a
 * scope only while handlers outside that scope read the session.
 */
import type { Project } from '../../detect/project.js';
import { lineColumn } from '../../edit/lines.js';
import type { RustNode } from '../../edit/rust/syntax-node.js';
import type { CheckFinding } from '../types.js';
import { rustCode } from '../../edit/rust/code.js';
import { crateSources, type CrateSource } from '../rust-crate/sources.js';
import { classifyWrap, descend, sessionReaders } from './app.js';
import { locateActixApp } from './detect.js';
import { ACTIX_KEY_GENERATE, ACTIX_KEY_LITERAL, ACTIX_SCOPE_ONLY } from './rules.js';

type Rule = { id: string; severity: 'error' | 'warning'; message: string; fix: string };

function finding(rule: Rule, source: { file: string; text: string }, offset: number): CheckFinding {
  const { line, column } = lineColumn(source.text, offset);
  return {
    ruleId: rule.id,
    severity: rule.severity,
    file: source.file,
    line,
    column,
    message: rule.message,
    fix: rule.fix,
  };
}

function keyFindings(sources: CrateSource[]): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const source of sources) {
    const code = rustCode(source.text);
    for (const rule of [ACTIX_KEY_GENERATE, ACTIX_KEY_LITERAL])
      for (const m of code.matchAll(rule.pattern)) out.push(finding(rule, source, m.index ?? 0));
  }
  return out;
}

const SCOPED = /^(?:[\w:]*::)?(?:scope|resource|Scope\s*::\s*new|Resource\s*::\s*new)\s*\(/;

/** The outermost builder chain holding `node` (`web::scope("/a").wrap(..).service(..)`). */
function chainTop(node: RustNode): RustNode {
  let cur = node;
  while (cur.parent?.type === 'field_expression' && cur.parent.parent?.type === 'call_expression')
    cur = cur.parent.parent;
  return cur;
}

function scopeFindings(sources: CrateSource[]): CheckFinding[] {
  const readers = sessionReaders(sources);
  const scoped: { source: CrateSource; wrapAt: number; start: number; end: number }[] = [];
  let appLevel = false;
  for (const source of sources) {
    for (const call of source.tree.descendantsOfType('call_expression')) {
      const fn = call?.childForFieldName('function');
      const args = call?.childForFieldName('arguments');
      if (!call || fn?.type !== 'field_expression' || fn.childForFieldName('field')?.text !== 'wrap' || !args) continue;
      if (classifyWrap(args.text, readers) !== 'session-middleware') continue;
      const { base } = descend(call);
      if (SCOPED.test(base.text)) {
        const top = chainTop(call);
        scoped.push({
          source,
          wrapAt: fn.childForFieldName('field')?.startIndex ?? call.startIndex,
          start: top.startIndex,
          end: top.endIndex,
        });
      } else appLevel = true;
    }
  }
  if (appLevel || scoped.length === 0 || readers.size === 0) return [];
  const names = [...readers].join('|');
  const registration = new RegExp(`\\b(?:service|to)\\s*\\(\\s*(?:[\\w:]*::)?(?:${names})\\s*\\)`, 'g');
  for (const source of sources) {
    for (const m of rustCode(source.text).matchAll(registration)) {
      const offset = m.index ?? 0;
      const inside = scoped.some((s) => s.source.file === source.file && s.start <= offset && offset < s.end);
      if (!inside) {
        const first = scoped[0];
        return [finding(ACTIX_SCOPE_ONLY, first.source, first.wrapAt - 1)];
      }
    }
  }
  return [];
}

export async function actixExtraChecks(project: Project): Promise<CheckFinding[]> {
  const app = locateActixApp(project);
  if (!app) return [];
  const sources = await crateSources(project.files, app);
  return [...keyFindings(sources), ...scopeFindings(sources)];
}

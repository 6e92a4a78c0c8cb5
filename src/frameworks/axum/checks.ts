/**
 * axum findings beyond ordering: a cookie key generated at start-up or written in the
 * code, and a Strict session cookie (set, or tower-sessions' default) in an app with
 * OAuth/OpenID callback routes.
 */
import type { Project } from '../../detect/project.js';
import { lineColumn } from '../../edit/lines.js';
import type { CheckFinding } from '../types.js';
import { rustCode } from '../../edit/rust/code.js';
import { locateAxumApp } from './detect.js';
import { AXUM_KEY_GENERATE, AXUM_KEY_LITERAL, AXUM_SAMESITE_OAUTH as RULE } from './rules.js';

const LAYER_NEW = /\bSessionManagerLayer\s*::\s*new\s*\(/g;
const SAME_SITE = /\.with_same_site\s*\(\s*(?:[\w:]*::)?SameSite\s*::\s*(\w+)/;
const ROUTE_CALL = /\.(?:route|nest|route_service|nest_service)\s*\(\s*("[^"]*")/g;

export function axumExtraChecks(project: Project): CheckFinding[] {
  const app = locateAxumApp(project);
  if (!app) return [];
  const files = [...new Set([...app.modules.values()].flat())];
  const texts = files.map((file) => ({ file, text: project.files.read(file) ?? '' }));
  const findings: CheckFinding[] = [];
  for (const { file, text } of texts) {
    const code = rustCode(text);
    for (const rule of [AXUM_KEY_GENERATE, AXUM_KEY_LITERAL])
      for (const m of code.matchAll(rule.pattern)) {
        const { line, column } = lineColumn(text, m.index ?? 0);
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          file,
          line,
          column,
          message: rule.message,
          fix: rule.fix,
        });
      }
  }
  const crossSite = texts.some(({ text }) =>
    [...text.matchAll(ROUTE_CALL)].some((m) => RULE.crossSiteRoute.test(m[1])),
  );
  if (!crossSite) return findings;
  for (const { file, text } of texts) {
    const code = rustCode(text);
    for (const m of code.matchAll(LAYER_NEW)) {
      // The builder calls on this layer: up to the end of its statement.
      const end = code.indexOf(';', m.index);
      const chain = code.slice(m.index, end === -1 ? undefined : end);
      const sameSite = SAME_SITE.exec(chain);
      if (sameSite && sameSite[1] !== 'Strict') continue;
      const at = sameSite ? (m.index ?? 0) + sameSite.index : (m.index ?? 0);
      const { line, column } = lineColumn(text, at);
      findings.push({
        ruleId: RULE.id,
        severity: RULE.severity,
        file,
        line,
        column,
        message: RULE.message,
        fix: RULE.fix,
      });
    }
  }
  return findings;
}

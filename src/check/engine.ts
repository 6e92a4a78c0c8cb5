/**
 * Checks one project: the framework's rules (ordering and requirements read as data
 * through core/ordering.ts, plus its extraChecks) and the framework-agnostic rules.
 * Static only; @babel/parser (or a framework's parser) loads only when the cheap text
 * pre-filter finds a session setup to read.
 */
import { compareText } from '../core/compare-text.js';
import { UserError } from '../core/errors.js';
import { isStackOverflow, tooDeeplyNested } from '../edit/js/parse.js';
import {
  conditionalSessionFindings,
  type OrderingViolation,
  orderingViolations,
  requirementFindings,
  violationToFinding,
} from '../core/ordering.js';
import type { Project } from '../detect/project.js';
import type { SessionStep } from '../core/session-steps.js';
import type { FrameworkDetection, FrameworkModule } from '../frameworks/types.js';
import { GENERATED_MARKER } from '../frameworks/node/generated-module.js';
import { GENERIC_RULES } from './rules/index.js';
import { findSessionSetups } from './session-setups.js';
import { SESSION_PACKAGE } from './session-package.js';
import { MAX_SOURCE_FILES, ProjectSources, type SourceFile } from './sources.js';
import type { CheckFinding, ProjectReport } from './types.js';
import { selfCommand } from '../core/self-command.js';

const MENTIONS_SESSION = /session|MemoryStore|\.keys\s*=/i;
/** An import or require of a session package (the same families quick-skip looks for in package.json). */
const SESSION_IMPORT = new RegExp(
  String.raw`(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"][^'"\n]*(?:` +
    SESSION_PACKAGE.source +
    String.raw`)[^'"\n]*['"]`,
  'i',
);

/** A setup file that loads a folder of plugins (`@fastify/autoload`) has its session in them: never skipped. */
const LOADS_PLUGIN_FOLDERS = /['"][^'"\n]*autoload['"]/i;

/** Kinds whose presence means a session setup exists: the subjects of the framework's rules. */
function sessionKinds(framework: FrameworkModule): Set<string> {
  return new Set([...framework.ordering.map((r) => r.step), ...(framework.requirements ?? []).map((r) => r.when)]);
}

function sessionFilesOf(sources: ProjectSources): SourceFile[] {
  return sources
    .matching(MENTIONS_SESSION)
    .filter((s) => SESSION_IMPORT.test(s.masked.code) || s.text.slice(0, 300).includes(GENERATED_MARKER));
}

/** One finding per rule and location: a step after three routes is one problem, not three. */
function dedupe(findings: CheckFinding[]): CheckFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byLocation(a: CheckFinding, b: CheckFinding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId);
}

function parseFailure(error: UserError): CheckFinding {
  return {
    ruleId: 'parse-error',
    severity: 'error',
    file: error.where?.file ?? '.',
    line: error.where?.line ?? 1,
    column: error.where?.column ?? 1,
    // The parse errors of add speak of editing; check only reads.
    message: error.message
      .replace(/ session-kit edits only files that parse\.$/, '')
      .replace(/, so session-kit will not edit it\.$/, '.'),
    fix:
      error.code === 'parse-error'
        ? 'Fix the syntax error; check reads only files that parse.'
        : (error.hint ?? 'Fix the file so session-kit can read it.'),
  };
}

/**
 * A misorder that `add --fix-order` repairs (FrameworkModule.fixesOrder) names that command.
 * test/commands/printed-commands.test.ts runs the printed command on every misorder fixture.
 */
function withFixOrder(v: OrderingViolation, framework: FrameworkModule, project: Project): CheckFinding {
  const finding = violationToFinding(v, framework.stepKinds);
  // Steps of one statement (a fluent chain, `app.use(router).use(session)`) are not moved by add.
  const chained = v.step.file === v.other.file && v.step.start === v.other.start;
  // A step that runs elsewhere than it is written (an autoloaded plugin file, a method body) is not moved by add either.
  const loaded = Boolean(v.step.loadedAt || v.other.loadedAt);
  if (!framework.fixesOrder || finding.severity !== 'error' || chained || loaded) return finding;
  const command = selfCommand('add --fix-order', { root: project.root });
  return { ...finding, fix: `${finding.fix} Or run \`${command}\`: it moves the session setup into place.` };
}

async function frameworkFindings(
  project: Project,
  framework: FrameworkModule,
  detection: FrameworkDetection,
): Promise<{ steps: SessionStep[]; findings: CheckFinding[] }> {
  const setupText = detection.setupFile ? project.files.read(detection.setupFile) : null;
  // Pre-filter: a JS setup file that imports nothing session-like has no session steps to
  // order, so the parser is not even loaded.
  const prefilter = project.ecosystem === 'node' ? SESSION_IMPORT : MENTIONS_SESSION;
  if (
    detection.setupFile &&
    setupText !== null &&
    !prefilter.test(setupText) &&
    !(project.ecosystem === 'node' && LOADS_PLUGIN_FOLDERS.test(setupText))
  )
    return { steps: [], findings: [] };
  const steps = await framework.recognise(project, detection);
  const findings = [
    ...orderingViolations(steps, framework.ordering).map((v) => withFixOrder(v, framework, project)),
    ...requirementFindings(steps, framework.requirements ?? []),
    ...conditionalSessionFindings(steps),
    ...(framework.extraChecks ? await framework.extraChecks(project, detection, steps) : []),
  ];
  return { steps, findings };
}

export async function checkProject(
  project: Project,
  framework: FrameworkModule | null,
  detection: FrameworkDetection | null,
): Promise<ProjectReport> {
  const report: ProjectReport = {
    root: project.root,
    framework: framework ? { id: framework.id, name: framework.name } : null,
    status: 'checked',
    message: null,
    findings: [],
  };
  let steps: SessionStep[] = [];
  try {
    if (framework && detection) {
      const result = await frameworkFindings(project, framework, detection);
      steps = result.steps;
      report.findings.push(...result.findings);
    }
  } catch (thrown) {
    // A parse that succeeded can still be too deep for the recognisers' recursive walks.
    const error = isStackOverflow(thrown) ? tooDeeplyNested(detection?.setupFile ?? '.') : thrown;
    if (!(error instanceof UserError)) throw error;
    const finding = parseFailure(error);
    report.status = 'unreadable';
    // Report messages are sentences without their full stop (the formats add it).
    report.message = finding.message.replace(/\.$/, '');
    report.findings.push(finding);
    return report;
  }
  const sources = new ProjectSources(project.files);
  const sessionFiles = project.ecosystem === 'node' ? sessionFilesOf(sources) : [];
  const sessionSetups = await findSessionSetups(project, detection?.setupFile ?? null);
  const kinds = framework ? sessionKinds(framework) : new Set<string>();
  const hasSetup =
    steps.some((s) => kinds.has(s.kind)) ||
    sessionFiles.length > 0 ||
    sessionSetups.length > 0 ||
    report.findings.length > 0;
  if (!hasSetup) {
    report.status = 'no-session';
    report.message = framework
      ? `no session setup found (${framework.name}${detection?.setupFile ? `, ${detection.setupFile}` : ''}): run \`${selfCommand('add', { root: project.root })}\` to set one up`
      : 'no session setup and no supported framework found';
    return report;
  }
  const ctx = { project, framework, detection, steps, sources, sessionFiles, sessionSetups };
  for (const rule of GENERIC_RULES) {
    if (rule.ecosystems.includes(project.ecosystem)) report.findings.push(...rule.run(ctx));
  }
  report.findings = dedupe(report.findings).sort(byLocation);
  const notes = [
    ...(sources.truncated
      ? [`the text rules read only the first ${MAX_SOURCE_FILES} source files of this project`]
      : []),
    ...sources.skipped.map((s) => `skipped ${s.file}: ${s.reason}`),
  ];
  if (notes.length) report.message = notes.join('; ');
  return report;
}

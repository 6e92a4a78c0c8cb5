/**
 * NestJS: main.ts gains the session between `NestFactory.create` and
 * `app.init()`/`app.listen()`. On the Express adapter: express-session with the
 * Express store wiring (the connect session module); on the Fastify adapter
 * (`NestFastifyApplication`): @fastify/cookie then @fastify/session. Import forms
 * follow the tsconfig (no esModuleInterop: `import * as session from ...`).
 * The `add` code (add.ts) loads on first use: `check` needs only the data,
 * detect, recognise and extraChecks.
 */
import { requirementFindings } from '../../core/ordering.js';
import { dependencyRange, hasDependency, type Project } from '../../detect/project.js';
import { findSetupFile } from '../../detect/entry.js';
import { nestCliEntries } from './nest-cli.js';
import { stepsInSetupFile } from '../../edit/js/setup-source.js';
import { needsNamespaceImports } from '../node/ts-interop.js';
import { STORE_IDS } from '../../stores/types.js';
import type { CheckFinding, FrameworkDetection, FrameworkModule, PlanContext, SessionStep } from '../types.js';
import { adapterFromPackage } from './adapter.js';
import { findNestApp, type NestAdapter } from './recognise.js';
import {
  NEST_FASTIFY_REQUIREMENTS,
  NEST_ORDERING,
  NEST_SESSION_PACKAGES,
  NEST_STEP_KINDS,
  NEST_TRUST_PROXY,
} from './rules.js';

/**
 * Connect stores: on the Express adapter handed to express-session (templates/connect/session.js),
 * on the Fastify adapter through Fastify's own wiring (templates/fastify/).
 */
export const NEST_INTEGRATION = { style: 'connect-store', templates: 'connect' } as const;

const CREATES_APP = /\bNestFactory\s*\.\s*create\b/;

export const nest: FrameworkModule = {
  id: 'nest',
  name: 'NestJS',
  ecosystem: 'node',
  integration: NEST_INTEGRATION,
  stores: STORE_IDS,
  stepKinds: NEST_STEP_KINDS,
  fixesOrder: true,
  ordering: NEST_ORDERING,
  sessionPackages: NEST_SESSION_PACKAGES,
  trustProxy: NEST_TRUST_PROXY,

  detect(project: Project): FrameworkDetection | null {
    if (!hasDependency(project.packageJson, '@nestjs/core')) return null;
    const importsCore = (text: string) => /['"]@nestjs\/core['"]/.test(text);
    // main.ts creating the app; failing that, one that starts an app built elsewhere, so `add` can say what it cannot follow.
    const cliEntries = nestCliEntries(project.files);
    const entry =
      findSetupFile(
        project.files,
        project.packageJson,
        (text) => CREATES_APP.test(text) && importsCore(text),
        cliEntries,
      ) ??
      findSetupFile(
        project.files,
        project.packageJson,
        (text) => importsCore(text) && /\.listen\s*\(/.test(text),
        cliEntries,
      ) ??
      // An app made by another library's factory (`await NestCloud.create(AppModule)`), named so add can say so.
      findSetupFile(
        project.files,
        project.packageJson,
        (text) => /\b[\w$]+\.create\s*\(/.test(text) && /\.listen\s*\(/.test(text),
        cliEntries,
      );
    const text = entry ? (project.files.read(entry.file) ?? '') : '';
    const adapter: NestAdapter = /NestFastifyApplication|FastifyAdapter/.test(text)
      ? 'fastify'
      : entry
        ? 'express'
        : adapterFromPackage(project);
    return {
      setupFile: entry?.file ?? null,
      version: dependencyRange(project.packageJson, '@nestjs/core') ?? undefined,
      reasons: [
        'package.json depends on @nestjs/core',
        ...(entry?.reasons ?? ['no file calling NestFactory.create found']),
      ],
      facts: { adapter, esModuleInterop: !needsNamespaceImports(project) },
    };
  },

  async plan(ctx: PlanContext): Promise<void> {
    const { planNest } = await import('./add.js');
    await planNest(ctx);
  },

  async recognise(project: Project, detection: FrameworkDetection): Promise<SessionStep[]> {
    return stepsInSetupFile(
      project,
      detection.setupFile,
      (s) => findNestApp(s.ast, s.text, s.file, s.readModule, s.sessionUseOf)?.steps,
    );
  },

  /** On the Fastify adapter, @fastify/session needs @fastify/cookie (the Express adapter needs no cookie plugin). */
  async extraChecks(_project: Project, detection: FrameworkDetection, steps: SessionStep[]): Promise<CheckFinding[]> {
    return detection.facts?.adapter === 'fastify' ? requirementFindings(steps, NEST_FASTIFY_REQUIREMENTS) : [];
  },
};

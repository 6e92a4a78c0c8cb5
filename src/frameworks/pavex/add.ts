/**
 * `session-kit add` for a Pavex app: Cargo.toml, blueprint.rs, configuration,
 * env files, the store's connection and migration, as one plan.
 */
import { planEnvFiles } from '../../core/env-files.js';
import { UserError } from '../../core/errors.js';
import { MANIFEST_FILE, parseManifest } from '../../core/manifest.js';
import type { EnvVar } from '../../core/plan.js';
import { insertionWindow } from '../../core/ordering.js';
import { insertAt, type Splice } from '../../edit/splice.js';
import type { PlanContext, SessionStep } from '../types.js';
import {
  addFromEntries,
  analyseBlueprint,
  ensureUse,
  insertAfter,
  insertBefore,
  lineColumn,
  stepsOf,
  type BlueprintAnalysis,
  type BpStatement,
} from './blueprint.js';
import { editCargoToml } from './cargo-toml.js';
import { CRYPTO_RULES_ENV, cryptoRulesEnvValue, generateCookieKey, planConfiguration } from './configuration.js';
import { configKeyTaken, connectionSpec, constructorModule, findConstructor } from './constructors.js';
import { PAVEX_STORES } from './crates.js';
import type { StoreId } from '../../stores/types.js';
import type { ProjectFiles } from '../../detect/project.js';
import { manualLines } from './manual-lines.js';
import { locatePavexApp, plainVersion, versionAtLeast, type PavexApp } from './detect.js';
import { planMigration } from './migrations.js';
import { PAVEX_ORDERING } from './rules.js';
import { rustSyntaxTree } from '../../edit/rust/syntax-tree.js';
import { selfCommand } from '../../core/self-command.js';

const MODULE_NAME = 'session_store';

function refuseLegacy(app: PavexApp): never {
  const legacy = app.legacy as NonNullable<PavexApp['legacy']>;
  throw new UserError(
    `This app uses the Pavex ${legacy.version ?? '0.1.x'} API (${legacy.reasons.join(', ')}); session-kit supports Pavex 0.2.x.`,
    {
      where: { file: app.blueprint ?? app.manifest },
      hint: 'Upgrade pavex and every pavex_* crate to 0.2.x (kits and f! paths became attributes and from![...] imports), then run session-kit again.',
      code: 'unsupported-version',
    },
  );
}

/**
 * The store session-kit set up (recorded in .session-kit.json, still imported by the
 * blueprint) blocks a silent switch: a second store crate beside it would be a second
 * session setup.
 */
function refuseStoreSwitch(files: ProjectFiles, a: BlueprintAnalysis, store: StoreId): void {
  const record = files.read(MANIFEST_FILE);
  const previous = record === null ? null : parseManifest(record);
  if (
    previous?.framework !== 'pavex' ||
    previous.store === store ||
    previous.store === null ||
    !(previous.store in PAVEX_STORES)
  )
    return;
  const module = PAVEX_STORES[previous.store as StoreId].module;
  const entry = a.imports.flatMap((list) => list.entries).find((e) => e.text === module);
  if (!entry) return;
  const { line, column } = lineColumn(a.text, entry.start);
  throw new UserError(`Sessions are already set up with the ${previous.store} store (${module} in the blueprint).`, {
    where: { file: a.file, line, column },
    hint: `Run \`${selfCommand('remove')}\` first to switch to ${store}.`,
    code: 'store-mismatch',
  });
}

function statementOf(a: BlueprintAnalysis, step: SessionStep): BpStatement {
  return a.statements.find((s) => s.node.startIndex === step.start) as BpStatement;
}

/** Where new blueprint statements go when there is no step to put them before: above `bp` (the tail) or at the block's end. */
function insertAtEnd(a: BlueprintAnalysis, lines: string[]): Splice {
  if (a.tail) return insertBefore(a, a.tail, lines);
  const last = a.statements[a.statements.length - 1];
  if (last) return insertAfter(a, last.node, lines);
  const close = a.block.endIndex - 1;
  return insertAt(close, lines.map((l) => `    ${l}${a.eol}`).join(''));
}

/** The whole line(s) of a statement that sits alone on its lines, including the line break. */
function statementLines(a: BlueprintAnalysis, step: SessionStep): { start: number; end: number } | null {
  const lineStart = a.text.lastIndexOf('\n', step.start - 1) + 1;
  const lineEnd = a.text.indexOf('\n', step.end);
  if (!/^[ \t]*$/.test(a.text.slice(lineStart, step.start))) return null;
  if (lineEnd === -1 || !/^[ \t]*\r?$/.test(a.text.slice(step.end, lineEnd))) return null;
  return { start: lineStart, end: lineEnd + 1 };
}

function blueprintSplices(
  a: BlueprintAnalysis,
  store: keyof typeof PAVEX_STORES,
  needsCrate: boolean,
  fixOrder: boolean,
): { splices: Splice[]; warnings: string[] } {
  const steps = stepsOf(a);
  const finalize = steps.find((s) => s.kind === 'finalize-session');
  const inject = steps.find((s) => s.kind === 'inject-response-cookies');
  const manual = manualLines(a.bp, store);
  const warnings: string[] = [];
  const firstRoute = steps.find((s) => s.kind === 'route');
  if (inject && firstRoute && firstRoute.start < inject.start) {
    warnings.push(
      `${a.file}:${inject.line}: INJECT_RESPONSE_COOKIES is registered after a route (line ${firstRoute.line}); routes registered before it never send cookies. Move it above line ${firstRoute.line}.`,
    );
  }
  const splices: Splice[] = [];
  const moveLines =
    finalize && inject && inject.start < finalize.start && fixOrder ? statementLines(a, finalize) : null;
  if (finalize && inject && moveLines) {
    // fixOrder: move the FINALIZE_SESSION statement right above INJECT_RESPONSE_COOKIES.
    splices.push(insertBefore(a, statementOf(a, inject).node, [a.text.slice(finalize.start, finalize.end)]));
    splices.push({ start: moveLines.start, end: moveLines.end, text: '' });
    warnings.push(`Moved ${finalize.text} from line ${finalize.line} above ${inject.text} (line ${inject.line}).`);
  } else if (finalize && inject && inject.start < finalize.start) {
    throw new UserError(
      'FINALIZE_SESSION is registered after INJECT_RESPONSE_COOKIES: the session cookie would be finalized after the cookies were already sent, and pavexc refuses this order.',
      {
        where: { file: a.file, line: finalize.line, column: finalize.column },
        hint: `Move \`${finalize.text}\` above \`${inject.text}\` (line ${inject.line}), then run session-kit again (or let it move the line with the fix-order option).`,
        manual: `${a.bp}.post_process(FINALIZE_SESSION);\n${a.bp}.post_process(INJECT_RESPONSE_COOKIES);`,
        code: 'wrong-order',
      },
    );
  }
  const pp = (name: string) => `${a.bp}.post_process(${name});`;

  // from![...] entries.
  const spec = PAVEX_STORES[store];
  const wanted = ['pavex', 'pavex_session', spec.module, ...(needsCrate ? ['crate'] : [])];
  const all = a.imports.flatMap((l) => l.entries.map((e) => e.text));
  const missing = all.includes('*') ? [] : wanted.filter((w) => !all.includes(w));
  const newStatements: string[] = [];
  if (missing.length > 0) {
    if (a.imports.length > 0) {
      const target =
        a.imports.find((l) => l.entries.some((e) => e.text === 'pavex' || e.text === 'crate')) ?? a.imports[0];
      splices.push(addFromEntries(a, target, missing));
    } else {
      newStatements.push(`${a.bp}.import(from![${missing.join(', ')}]);`);
      const use = ensureUse(a, 'pavex', 'blueprint', 'from');
      if (use) splices.push(use);
    }
  }

  if (!finalize && !inject) {
    const window = insertionWindow('finalize-session', steps, PAVEX_ORDERING);
    const lines = [...newStatements, pp('FINALIZE_SESSION'), pp('INJECT_RESPONSE_COOKIES')];
    splices.push(window?.before ? insertBefore(a, statementOf(a, window.before).node, lines) : insertAtEnd(a, lines));
  } else if (!finalize && inject) {
    // FINALIZE_SESSION goes right before the existing INJECT_RESPONSE_COOKIES (or before an earlier route).
    const window = insertionWindow('finalize-session', steps, PAVEX_ORDERING);
    const before = window?.before ?? inject;
    splices.push(insertBefore(a, statementOf(a, before).node, [...newStatements, pp('FINALIZE_SESSION')]));
  } else if (finalize && !inject) {
    const window = insertionWindow('inject-response-cookies', steps, PAVEX_ORDERING);
    if (!window) {
      throw new UserError(
        'FINALIZE_SESSION is registered after the first route, so INJECT_RESPONSE_COOKIES cannot go between it and the routes.',
        {
          where: { file: a.file, line: finalize.line, column: finalize.column },
          hint: 'Move the post_process calls above the first .routes/.route/.nest call, then run session-kit again.',
          manual,
          code: 'wrong-order',
        },
      );
    }
    splices.push(insertAfter(a, statementOf(a, finalize).node, [pp('INJECT_RESPONSE_COOKIES')]));
    if (newStatements.length > 0) splices.push(insertBefore(a, statementOf(a, finalize).node, newStatements));
  } else if (newStatements.length > 0) {
    splices.push(insertBefore(a, statementOf(a, finalize as SessionStep).node, newStatements));
  }

  if (!finalize) {
    const use = ensureUse(a, 'pavex_session', '', 'FINALIZE_SESSION');
    if (use) splices.push(use);
  }
  if (!inject) {
    const use = ensureUse(a, 'pavex', 'cookie', 'INJECT_RESPONSE_COOKIES');
    if (use) splices.push(use);
  }
  return { splices, warnings };
}

async function planModuleDeclaration(ctx: PlanContext, libFile: string): Promise<void> {
  const { builder, project } = ctx;
  const text = project.files.read(libFile);
  if (text === null) return;
  const root = await rustSyntaxTree(text);
  const mods = root.namedChildren.filter((n) => n?.type === 'mod_item');
  if (mods.some((m) => m?.childForFieldName('name')?.text === MODULE_NAME)) return;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const last = mods[mods.length - 1];
  const splice = last
    ? insertAt(last.endIndex, `${eol}pub mod ${MODULE_NAME};`)
    : insertAt(0, `pub mod ${MODULE_NAME};${eol}`);
  builder.edit(libFile, [splice], `declares the ${MODULE_NAME} module`, 'source');
}

export async function planPavex(ctx: PlanContext): Promise<void> {
  const { project, builder, options } = ctx;
  const files = project.files;
  const store = options.store.id;
  const app = locatePavexApp(project);
  if (!app)
    throw new UserError('No crate of this workspace depends on pavex.', {
      where: { file: 'Cargo.toml' },
      hint: 'Run session-kit in the Pavex workspace, or pass --cwd.',
      code: 'not-detected',
    });
  if (app.legacy) refuseLegacy(app);
  const version = app.version;
  if (!version) {
    throw new UserError('Cannot tell which pavex version this app uses.', {
      where: { file: app.manifest },
      hint: 'Declare pavex with a version (e.g. pavex = "0.2.10") or run cargo generate-lockfile.',
      code: 'unsupported-version',
    });
  }
  const spec = PAVEX_STORES[store];
  if (!versionAtLeast(version, spec.since)) {
    throw new UserError(`The ${store} session store needs pavex ${spec.since} or later; this app uses ${version}.`, {
      where: { file: app.manifest, line: app.scan.dependencyLines.get('pavex') },
      hint: `Upgrade pavex and the pavex_* crates to ${spec.since}+ or pick another --store.`,
      code: 'unsupported-version',
    });
  }
  if (spec.missing.includes(plainVersion(version) ?? '')) {
    throw new UserError(
      `${spec.crate} was never published for pavex ${plainVersion(version)}, and the session crates must match the pavex version.`,
      {
        where: { file: app.manifest, line: app.scan.dependencyLines.get('pavex') },
        hint: 'Upgrade pavex and the pavex_* crates to 0.2.7 or later (or pick the memory store), then run session-kit again.',
        code: 'unsupported-version',
      },
    );
  }
  if (!app.blueprint) {
    throw new UserError(`No blueprint found in ${app.crateDir || '.'}/src (expected src/blueprint.rs).`, {
      where: { file: app.manifest },
      hint: 'Add the lines below to the function that builds your Blueprint.',
      manual: manualLines('bp', store),
      code: 'no-blueprint',
    });
  }

  // Everything that can refuse is checked before anything is planned.
  const blueprintText = files.read(app.blueprint) as string;
  const analysis = await analyseBlueprint(app.blueprint, blueprintText, manualLines('bp', store));
  refuseStoreSwitch(files, analysis, store);
  const conn = connectionSpec(store, 'database');
  const configKey =
    conn && store !== 'redis' && configKeyTaken(files, app, 'database')
      ? 'session_database'
      : store === 'redis'
        ? 'redis'
        : 'database';
  const connection = conn ? connectionSpec(store, configKey) : null;
  const existing = connection ? await findConstructor(files, app, connection) : null;
  const needsModule = connection !== null && existing === null;
  const { splices, warnings: blueprintWarnings } = blueprintSplices(analysis, store, needsModule, options.fixOrder);

  const configFile = `${app.configDir ?? 'configuration'}/base.yml`;
  const configText = files.read(configFile);
  const config = await planConfiguration(configFile, configText ?? '');

  const manifestText = files.read(app.manifest) as string;
  const rootManifest = files.read('Cargo.toml');
  const cargo = editCargoToml(
    manifestText,
    app,
    store,
    version,
    rootManifest === null ? null : { path: 'Cargo.toml', text: rootManifest },
  );

  // Plan.
  builder.edit(
    app.blueprint,
    splices,
    'registers FINALIZE_SESSION and INJECT_RESPONSE_COOKIES before the routes',
    'source',
  );
  for (const w of blueprintWarnings) builder.warn(w);
  if (cargo.after !== cargo.before)
    builder.rewrite(app.manifest, cargo.after, `adds pavex_session and ${spec.crate} ${version}`, 'package-manifest');
  if (cargo.workspace)
    builder.rewrite(
      cargo.workspace.path,
      cargo.workspace.after,
      `declares pavex_session and ${spec.crate} ${version} as workspace dependencies`,
      'package-manifest',
    );
  for (const dep of cargo.added) builder.dependency(dep);
  for (const w of cargo.warnings) builder.warn(w);

  if (configText === null)
    builder.create(
      configFile,
      config.splices.map((s) => s.text).join(''),
      'session and cookie configuration',
      'config',
    );
  else
    builder.edit(
      configFile,
      config.splices,
      'session settings and the session cookie crypto rule (pavex_session 0.2.5+)',
      'config',
    );
  for (const w of config.warnings) builder.warn(w);

  const vars: EnvVar[] = [];
  if (config.needsEnvRule) {
    vars.push({
      key: CRYPTO_RULES_ENV,
      description: `Encrypts the session cookie "${config.facts.cookieName}" (required by pavex_session 0.2.5+); the key is secret`,
      example: cryptoRulesEnvValue(
        config.facts.cookieName,
        'replace-with-at-least-32-random-bytes-of-text-000000000000000000',
      ),
      secret: true,
      value: cryptoRulesEnvValue(config.facts.cookieName, generateCookieKey()),
    });
  }
  if (connection && needsModule) {
    vars.push({
      key: connection.envKey,
      description: `${store} connection URL for the session store`,
      example: connection.example,
      secret: false,
      value: connection.localDefault,
    });
  }
  if (vars.length > 0) planEnvFiles(builder, files, vars, store === 'sqlite' ? ['app.db'] : []);

  if (connection) {
    if (existing) {
      builder.warn(
        `Reusing ${existing.name} (${existing.file}:${existing.line}) as the session store's ${connection.label}.`,
      );
    } else {
      const srcDir = app.crateDir ? `${app.crateDir}/src` : 'src';
      builder.create(
        `${srcDir}/${MODULE_NAME}.rs`,
        constructorModule(store, connection),
        `${connection.label} constructor for the session store`,
        'source',
      );
      const lib = files.read(`${srcDir}/lib.rs`) !== null ? `${srcDir}/lib.rs` : `${srcDir}/main.rs`;
      await planModuleDeclaration(ctx, lib);
    }
  }

  if (spec.sqlx) {
    const created = planMigration(builder, files, app.migrations, spec.sqlx);
    if (created)
      builder.next(
        `sqlx migrate run --source ${app.migrations.dir} --database-url "<your ${needsModule && connection ? connection.envKey : 'database URL'}>"   # creates the sessions table`,
      );
  }
  if (app.workspaceHack && cargo.added.length > 0)
    builder.next('cargo hakari generate   # workspace_hack must list the new dependencies');
  builder.next('cargo px check   # regenerates server_sdk with the session components');
  if (!versionAtLeast(version, '0.2.5'))
    builder.warn(`pavex ${version} is older than 0.2.5: consider upgrading; the crypto rule is harmless before 0.2.5.`);
}

/**
 * The express-session setup of the 'connect-store' style (Express, Nest on Express):
 * the generated session module, express-session and the store's packages, and the
 * store's .env entries.
 */
import type { PlanBuilder } from '../../core/plan.js';
import type { Project } from '../../detect/project.js';
import { inFileStyle, type CodeStyle } from '../../edit/style.js';
import { connectSessionModule } from '../connect/session-module.js';
import type { PlanOptions } from '../types.js';
import { planPackages } from './dependencies.js';
import type { GeneratedModule } from './generated-module.js';
import { planSessionEnv, planStorePackages } from './store-needs.js';
import { namespaceImports } from './ts-interop.js';

/** `templates`: the framework's templates folder; `namespace`: the project needs `import * as` for CommonJS packages. */
export function planExpressSession(
  builder: PlanBuilder,
  project: Project,
  options: PlanOptions,
  templates: string,
  target: GeneratedModule,
  style: CodeStyle,
  namespace = false,
): void {
  const code = connectSessionModule(templates, options.store, target, options.storeContext);
  builder.create(
    target.path,
    inFileStyle(namespace ? namespaceImports(code) : code, style),
    `session middleware with the ${options.store.label} store`,
  );
  planPackages(
    builder,
    project,
    [
      { name: 'express-session', version: '^1.18.1' },
      { name: '@types/express-session', version: '^1.18.1', dev: true, typesOnly: true },
    ],
    'the session middleware',
  );
  planStorePackages(builder, project, options.store, 'connect-store', options.storeContext);
  planSessionEnv(builder, project, options.store, 'connect-store', options.storeContext);
}

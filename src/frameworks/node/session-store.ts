/**
 * The generated session-store module shared by the frameworks that cannot use
 * connect stores (Koa, Hono): one adapter per store, with get/set/destroy by id and
 * an absolute expiry, on the same tables as the connect stores. Each framework's
 * session module wraps it in that framework's store interface.
 */
import { readTemplate, renderTemplate, templateSections, toCommonJs } from '../../core/templates.js';
import { connectTableSql, statements } from '../../stores/sql.js';
import type { StoreDescriptor } from '../../stores/types.js';
import type { GeneratedModule } from './generated-module.js';

/** A database client the app already exports, reused instead of opening a second connection. */
export interface SharedClient {
  /** Import specifier of the module exporting it, relative to the store module. */
  source: string;
  /** Exported name, or 'default'. */
  exportName: string;
  /** Where it was found, for the plan's reason. */
  file: string;
}

/** Local name each adapter template uses for its client. */
export const CLIENT_LOCAL: Record<string, string> = { postgres: 'pool', mysql: 'pool', sqlite: 'db', redis: 'client' };

function quoteSql(statement: string): string {
  const oneLine = statement
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')');
  return `  '${oneLine.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}',`;
}

/** The table DDL as JS string lines, from the same SQL the migrations are written from. */
function createTableLines(store: StoreDescriptor): string {
  if (store.id !== 'postgres' && store.id !== 'mysql') return '';
  return statements(connectTableSql(store.id).up).map(quoteSql).join('\n');
}

function clientImport(shared: SharedClient, local: string, syntax: 'esm' | 'cjs'): string {
  if (shared.exportName === 'default') return `import ${local} from '${shared.source}';`;
  const spec = shared.exportName === local ? local : `${shared.exportName} as ${local}`;
  return syntax === 'cjs' && spec.includes(' as ') ? `import { ${shared.exportName} } from '${shared.source}';\nconst ${local} = ${shared.exportName};` : `import { ${spec} } from '${shared.source}';`;
}

export function sessionStoreModule(store: StoreDescriptor, target: GeneratedModule, shared: SharedClient | null = null): string {
  const client = templateSections(renderTemplate(readTemplate(`session-store/clients/${store.id}.js`), {}, target.typescript));
  const local = CLIENT_LOCAL[store.id];
  const imports = shared ? clientImport(shared, local, target.syntax) : (client.imports ?? '');
  const setup = shared ? (client.shared ?? '') : (client.setup ?? '');
  const code = renderTemplate(
    readTemplate(`session-store/${store.id}.js`),
    {
      clientImports: imports,
      clientSetup: setup,
      ownClient: !shared,
      typescript: target.typescript,
      createTable: createTableLines(store),
      table: '"session"',
    },
    target.typescript,
  ).replace(/\n{3,}/g, '\n\n');
  return target.syntax === 'cjs' ? toCommonJs(code) : code;
}

/**
 * A SQL store whose table no migration creates, in a project that manages its
 * schema with migrations. When the store does not create the table itself, the app
 * answers 200 and sets a cookie, and every save fails afterwards ("relation
 * \"session\" does not exist"); when it does, production needs CREATE rights and
 * the schema drifts from the migrations.
 */
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { createsTable, findMigrations, type MigrationSet } from '../migrations.js';
import { storeModule } from '../store-facts.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

function optionValue(code: string, key: string): RegExpExecArray | null {
  return new RegExp(`(?<![\\w$])${key}\\s*:\\s*(?:(['"\`])([\\w.-]+)\\1|(true|false))`).exec(code);
}

export const sessionTable: GenericRule = {
  ids: ['session-table-migration'],
  ecosystems: ['node'],
  run(ctx: RuleContext) {
    let migrations: MigrationSet | null | undefined;
    const findings: CheckFinding[] = [];
    for (const source of ctx.sessionFiles) {
      for (const binding of textBindings(source.masked)) {
        const facts = storeModule(binding.source)?.table;
        if (!facts) continue;
        migrations ??= findMigrations(ctx.project.files);
        if (!migrations) return [];
        const { code } = source.masked;
        const named = facts.tableOptions.map((key) => optionValue(code, key)).find((m) => m?.[2]);
        const table = named?.[2] ?? facts.defaultTable;
        if (createsTable(migrations, table.split('.').pop() as string)) continue;
        const create = optionValue(code, facts.createOption);
        const selfCreating = create?.[3] ? create[3] === 'true' : facts.createsByDefault;
        const where = migrations.dirs.join(', ');
        findings.push(
          findingAt(source, named?.index ?? binding.start, {
            ruleId: 'session-table-migration',
            severity: selfCreating ? 'warning' : 'error',
            message: selfCreating
              ? `no migration in ${where} creates the session table "${table}": ${binding.source} creates it at runtime, which needs CREATE rights in production and leaves it out of your schema history`
              : `no migration in ${where} creates the session table "${table}", and ${binding.source} does not create it (${facts.createOption} is off): the app sets a cookie, then every save fails`,
            fix: `Add a migration creating "${table}" with its expiry index (session-kit add writes one for your migration tool).`,
          }),
        );
      }
    }
    return findings;
  },
};

/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format GitHub
 * code scanning reads (`github/codeql-action/upload-sarif`): one run of the tool
 * "session-kit", its rules (those the findings name), one result per finding with its
 * file, line and column, relative to the directory check ran from. Projects that could
 * not be read are tool execution notifications.
 */
import type { CheckOutcome } from '../result.js';

declare const SESSION_KIT_VERSION: string;

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(outcome: CheckOutcome): string {
  const ruleIds = [...new Set(outcome.findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const first = outcome.findings.find((f) => f.ruleId === id);
    return {
      id,
      name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: `session-kit check rule ${id}` },
      defaultConfiguration: { level: first?.severity === 'error' ? 'error' : 'warning' },
    };
  });
  const results = outcome.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.path) },
          region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
        },
      },
    ],
  }));
  const notes = outcome.projects
    .filter((p) => p.message && p.status !== 'checked')
    .map((p) => ({
      level: p.status === 'unreadable' ? 'error' : 'note',
      message: { text: `${p.display}: ${p.message}` },
    }));
  return JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'session-kit',
              version: typeof SESSION_KIT_VERSION === 'string' ? SESSION_KIT_VERSION : '0.0.0-dev',
              rules,
            },
          },
          invocations: [
            {
              // check ran; a file it could not parse is a result and a notification, not a failed run.
              executionSuccessful: true,
              exitCode: outcome.exitCode,
              toolExecutionNotifications: notes,
            },
          ],
          results,
        },
      ],
    },
    null,
    2,
  );
}

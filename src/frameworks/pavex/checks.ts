/**
 * Pavex findings beyond ordering: the 0.2.5 cookie crypto requirement and
 * secret keys written into committed YAML.
 */
import { envKeys } from '../../core/env-files.js';
import type { Project } from '../../detect/project.js';
import type { CheckFinding, SessionStep } from '../types.js';
import { CRYPTO_RULES_ENV, readConfigFacts, type ConfigFacts } from './configuration.js';
import { locatePavexApp, versionAtLeast } from './detect.js';

export async function pavexExtraChecks(project: Project, steps: SessionStep[]): Promise<CheckFinding[]> {
  const app = locatePavexApp(project);
  if (!app) return [];
  const findings: CheckFinding[] = [];
  const files = project.files;
  const configDir = app.configDir ?? 'configuration';
  const finalize = steps.find((s) => s.kind === 'finalize-session');
  // Each YAML file is parsed once: base.yml is read again below for its cookie name.
  const parsed = new Map<string, ConfigFacts>();

  for (const name of files
    .list(configDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = `${configDir}/${name}`;
    const text = files.read(file);
    if (text === null) continue;
    let facts;
    try {
      ({ facts } = await readConfigFacts(file, text));
    } catch {
      continue;
    }
    parsed.set(file, facts);
    for (const rule of facts.rules.filter((r) => r.hasKey)) {
      findings.push({
        ruleId: 'pavex/secret-in-config',
        severity: 'error',
        file,
        line: rule.line,
        column: 1,
        message: `A cookie crypto key is written in ${file}, which is committed: anyone with the repository can forge or read session cookies.`,
        fix: `Remove the rule's key from ${file} and set the rule through ${CRYPTO_RULES_ENV} (kept in the git-ignored .env and your deployment's secrets); rotate the key.`,
      });
    }
  }

  if (finalize && versionAtLeast(app.version, '0.2.5')) {
    const baseFile = `${configDir}/base.yml`;
    const base = files.read(baseFile);
    let cookieName = 'id';
    let covered = false;
    if (base !== null) {
      try {
        const facts = parsed.get(baseFile) ?? (await readConfigFacts(baseFile, base)).facts;
        cookieName = facts.cookieName;
        covered = facts.rules.some((r) => r.cookieNames.includes(cookieName));
      } catch {
        /* reported by other tools */
      }
    }
    const envDocumented = ['.env.example', '.env'].some((f) => {
      const text = files.read(f);
      return text !== null && envKeys(text).has(CRYPTO_RULES_ENV) && text.includes(`"${cookieName}"`);
    });
    if (!covered && !envDocumented) {
      findings.push({
        ruleId: 'pavex/session-cookie-crypto',
        severity: 'error',
        file: base !== null ? baseFile : finalize.file,
        line: base !== null ? 1 : finalize.line,
        column: 1,
        message: `No crypto rule signs or encrypts the session cookie "${cookieName}": since pavex_session 0.2.5 every response that sets it fails with a 500 (FinalizeError::CryptoRequired).`,
        fix: `Set ${CRYPTO_RULES_ENV}='[{cookie_names=["${cookieName}"],algorithm="encryption",key="<32+ random bytes>"}]' in the environment and document it in .env.example (session-kit add does this).`,
      });
    }
  }
  for (const legacy of steps.filter((s) => s.kind === 'legacy-kit')) {
    findings.push({
      ruleId: 'pavex/legacy-api',
      severity: 'warning',
      file: legacy.file,
      line: legacy.line,
      column: legacy.column,
      message: 'Pavex 0.1.x API (kits / f! paths): removed in 0.2.',
      fix: 'Upgrade to pavex 0.2.x: register components with attributes and bp.import(from![...]).',
    });
  }
  return findings;
}

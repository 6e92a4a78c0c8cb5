/**
 * configuration/base.yml: the `session:` block and the cookie crypto rule that
 * pavex_session 0.2.5+ requires. The yaml Document API locates keys; new text is
 * spliced in, so comments and every other byte stay as they were.
 *
 * Why the whole rule list comes from one env var: Pavex's loader (figment) merges
 * environment values over YAML, and a list is replaced as a whole, never merged
 * by index. So the key cannot be set alone for a rule written in YAML; the rule,
 * key included, is the value of PX_COOKIES__CRYPTO_RULES, kept in the git-ignored
 * .env, while base.yml documents it and holds no secret.
 */
import { UserError } from '../../core/errors.js';
import { insertAt, type Splice } from '../../edit/splice.js';
import { DEFAULT_SESSION_COOKIE } from './crates.js';

export const CRYPTO_RULES_ENV = 'PX_COOKIES__CRYPTO_RULES';

type YamlModule = typeof import('yaml');

export interface ConfigFacts {
  hasSession: boolean;
  hasCookies: boolean;
  cookieName: string;
  /** Rules in the YAML: cookie names, and whether a key literal is written there. */
  rules: { cookieNames: string[]; hasKey: boolean; line: number }[];
  hasCryptoRulesKey: boolean;
}

export interface ConfigEdit {
  splices: Splice[];
  /** Set the rule through the environment (null: the YAML already covers the session cookie). */
  needsEnvRule: boolean;
  warnings: string[];
  facts: ConfigFacts;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

export async function readConfigFacts(
  file: string,
  text: string,
): Promise<{ facts: ConfigFacts; doc: import('yaml').Document.Parsed; yaml: YamlModule }> {
  const yaml = await import('yaml');
  const doc = yaml.parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new UserError(`${file} is not valid YAML: ${err.message.split('\n')[0]}`, {
      where: { file, line: err.linePos?.[0].line, column: err.linePos?.[0].col },
      hint: 'Fix the YAML and run session-kit again.',
      code: 'parse-error',
    });
  }
  const root = doc.contents;
  const facts: ConfigFacts = {
    hasSession: false,
    hasCookies: false,
    cookieName: DEFAULT_SESSION_COOKIE,
    rules: [],
    hasCryptoRulesKey: false,
  };
  if (root && !yaml.isMap(root)) {
    throw new UserError(`${file} does not hold a mapping at its top level.`, {
      where: { file, line: 1 },
      code: 'parse-error',
    });
  }
  if (root) {
    facts.hasSession = root.has('session');
    facts.hasCookies = root.has('cookies');
    const name = doc.getIn(['session', 'cookie', 'name']);
    if (typeof name === 'string') facts.cookieName = name;
    const rules = doc.getIn(['cookies', 'crypto_rules'], true);
    if (rules !== undefined) facts.hasCryptoRulesKey = true;
    if (yaml.isSeq(rules)) {
      for (const item of rules.items) {
        if (!yaml.isMap(item)) continue;
        const names = item.get('cookie_names');
        facts.rules.push({
          cookieNames: yaml.isSeq(names) ? names.items.map((n) => String(yaml.isScalar(n) ? n.value : n)) : [],
          hasKey: item.has('key'),
          line: lineOf(text, item.range?.[0] ?? 0),
        });
      }
    }
  }
  return { facts, doc, yaml };
}

/** A 48-byte random key, base64url: 64 characters (biscotti needs at least 32 bytes). */
export function generateCookieKey(): string {
  // Web Crypto's CSPRNG: importing node:crypto would cost every check run a few ms.
  return Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString('base64url');
}

/** The env value: the rule list in figment's value syntax, single-quoted for dotenv. */
export function cryptoRulesEnvValue(cookieName: string, key: string): string {
  return `'[{cookie_names=["${cookieName}"],algorithm="encryption",key="${key}"}]'`;
}

function sessionBlock(eol: string): string {
  return [
    '# Server-side sessions (pavex_session). Every key is optional;',
    '# these are the defaults, written out so they are easy to change.',
    'session:',
    '  cookie:',
    `    name: "${DEFAULT_SESSION_COOKIE}"`,
    '  state:',
    '    ttl: "24 hours"',
  ].join(eol);
}

function cryptoComment(cookieName: string, indent: string): string[] {
  return [
    `${indent}# The session cookie ("${cookieName}") must be signed or encrypted (pavex_session 0.2.5+).`,
    `${indent}# The rule holds a secret key, so it is set by ${CRYPTO_RULES_ENV}`,
    `${indent}# (see .env.example); that variable replaces this whole list.`,
  ];
}

export async function planConfiguration(file: string, text: string): Promise<ConfigEdit> {
  const { facts, doc, yaml } = await readConfigFacts(file, text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const splices: Splice[] = [];
  const warnings: string[] = [];
  const appended: string[] = [];
  let needsEnvRule = false;
  if (!facts.hasSession) appended.push(sessionBlock(eol));
  const covered = facts.rules.some((r) => r.cookieNames.includes(facts.cookieName));
  if (!facts.hasCookies) {
    appended.push(['cookies:', ...cryptoComment(facts.cookieName, '  '), '  crypto_rules: []'].join(eol));
    needsEnvRule = true;
  } else if (!facts.hasCryptoRulesKey) {
    // `cookies:` exists without rules: add the documented empty list as its first key.
    const root = doc.contents as import('yaml').YAMLMap;
    const pair = root.items.find((p) => yaml.isScalar(p.key) && p.key.value === 'cookies');
    const value = pair?.value;
    if (yaml.isMap(value) && value.items.length > 0 && yaml.isScalar(value.items[0].key) && yaml.isScalar(pair?.key)) {
      // Right under the `cookies:` line (above any comment that belongs to the first key).
      const firstKey = value.items[0].key;
      const start = firstKey.range?.[0] ?? 0;
      const indent = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
      const keyEnd = pair.key.range?.[1] ?? 0;
      const lineEnd = text.indexOf('\n', keyEnd);
      if (/^[ \t]+$/.test(indent) && lineEnd !== -1 && lineEnd < start) {
        splices.push(
          insertAt(
            lineEnd + 1,
            [...cryptoComment(facts.cookieName, indent), `${indent}crypto_rules: []`].map((l) => l + eol).join(''),
          ),
        );
        needsEnvRule = true;
      }
    }
    if (!needsEnvRule) {
      warnings.push(
        `${file}: add a crypto rule for the session cookie "${facts.cookieName}" under \`cookies:\` (pavex_session 0.2.5+ requires it).`,
      );
    }
  } else if (!covered) {
    if (facts.rules.length === 0) needsEnvRule = true;
    else {
      warnings.push(
        `${file}:${facts.rules[0].line}: add "${facts.cookieName}" to the cookie_names of a crypto rule, so the session cookie is signed or encrypted (pavex_session 0.2.5+ refuses to send it otherwise).`,
      );
    }
  }
  if (appended.length > 0) {
    const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const sep = text.length === 0 ? '' : eol;
    splices.push(insertAt(text.length, lead + sep + appended.join(eol + eol) + eol));
  }
  return { splices, needsEnvRule, warnings, facts };
}

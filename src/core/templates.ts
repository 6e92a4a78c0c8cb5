/**
 * Generated code and SQL live in templates/. Placeholders:
 *   {{name}}            a value
 *   {{ts:text}}         text only in TypeScript output (type annotations)
 *   {{#flag}}...{{/flag}} a block kept only when `flag` is true
 * A template is ESM; CommonJS output is derived by toCommonJs().
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let templatesDir: string | null = null;

export function templatesRoot(): string {
  if (templatesDir) return templatesDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(candidate) && existsSync(path.join(dir, 'package.json'))) return (templatesDir = candidate);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('internal: templates/ folder not found');
    dir = parent;
  }
}

export function readTemplate(relativePath: string): string {
  return readFileSync(path.join(templatesRoot(), relativePath), 'utf8');
}

export type TemplateValues = Record<string, string | boolean>;

export function renderTemplate(template: string, values: TemplateValues, typescript: boolean): string {
  let out = template.replace(/\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g, (_, flag: string, body: string) =>
    values[flag] ? body : '',
  );
  out = out.replace(/\{\{ts:([^}]*)\}\}/g, (_, text: string) => (typescript ? text : ''));
  out = out.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined || typeof value === 'boolean') throw new Error(`internal: template value ${name} missing`);
    return value;
  });
  return out;
}

/** Splits a template into `//# section` parts. */
export function templateSections(template: string): Record<string, string> {
  const sections: Record<string, string> = {};
  let current = '';
  for (const line of template.split('\n')) {
    const header = /^\/\/# (\w+)\s*$/.exec(line);
    if (header) {
      current = header[1];
      sections[current] = '';
    } else if (current) sections[current] += `${line}\n`;
  }
  for (const key of Object.keys(sections)) sections[key] = sections[key].replace(/\n+$/, '');
  return sections;
}

/** Converts our own ESM templates (simple import/export forms only) to CommonJS. */
export function toCommonJs(code: string): string {
  const exported: string[] = [];
  let out = code
    .replace(/^import (\w+) from ('[^']+');$/gm, 'const $1 = require($2);')
    .replace(
      /^import \{ ([^}]+) \} from ('[^']+');$/gm,
      (_, names: string, source: string) => `const { ${names.replace(/ as /g, ': ')} } = require(${source});`,
    )
    .replace(/^export (const|function|async function|class) (\w+)/gm, (_, kind: string, name: string) => {
      exported.push(name);
      return `${kind} ${name}`;
    });
  if (exported.length) out = `${out.replace(/\n*$/, '\n')}\nmodule.exports = { ${exported.join(', ')} };\n`;
  return out;
}

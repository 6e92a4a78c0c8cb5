/**
 * Import and require bindings read from masked text (no parser): enough for the
 * text rules to know which local names a package gave a file, and where.
 */
import type { MaskedSource } from './mask.js';
import { escapeIdentifier } from '../edit/regex.js';

export interface TextBinding {
  source: string;
  /** Local names the statement binds. */
  locals: string[];
  /** Offsets of the whole statement (its names are not "uses"). */
  start: number;
  end: number;
}

const IMPORT = /\bimport\s+(?:type\s+)?([\w$*{}\s,]+?)\s+from\s*(['"])([^'"\n]+)\2/g;
const REQUIRE =
  /\b(?:const|let|var)\s+([\w$]+|\{[^}]*\})\s*=\s*(?:await\s+import|require)\s*\(\s*(['"])([^'"\n]+)\2\s*\)[\w$.]*(?:\s*\([^)]*\))?/g;

function localsOf(clause: string): string[] {
  const locals: string[] = [];
  const braced = /\{([^}]*)\}/.exec(clause);
  if (braced) {
    for (const part of braced[1].split(',')) {
      const name = part.trim().replace(/^type\s+/, '');
      if (!name) continue;
      const alias = /(?:\S+\s+as\s+|\S+\s*:\s*)([\w$]+)$/.exec(name);
      locals.push(alias ? alias[1] : name);
    }
  }
  const rest = clause.replace(/\{[^}]*\}/, '');
  for (const part of rest.split(',')) {
    const name = part.trim();
    const star = /^\*\s*as\s+([\w$]+)$/.exec(name);
    if (star) locals.push(star[1]);
    else if (/^[\w$]+$/.test(name)) locals.push(name);
  }
  return locals;
}

export function textBindings(source: MaskedSource): TextBinding[] {
  const out: TextBinding[] = [];
  for (const re of [IMPORT, REQUIRE]) {
    re.lastIndex = 0;
    for (let m = re.exec(source.code); m; m = re.exec(source.code)) {
      out.push({ source: m[3], locals: localsOf(m[1]), start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Offsets where `name` is used as an identifier outside [skipStart, skipEnd). */
export function usesOf(bare: string, name: string, skipStart: number, skipEnd: number): number[] {
  const re = new RegExp(`(?<![\\w$.])${escapeIdentifier(name)}(?![\\w$])`, 'g');
  const out: number[] = [];
  for (let m = re.exec(bare); m; m = re.exec(bare)) {
    if (m.index < skipStart || m.index >= skipEnd) out.push(m.index);
  }
  return out;
}

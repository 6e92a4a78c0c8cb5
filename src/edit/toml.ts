/**
 * Format-preserving edits of a TOML document (Cargo.toml). toml-eslint-parser only
 * locates: ranges of tables, keys and values. Each edit is one splice (an insertion
 * or the replacement of one value), so every byte outside it stays as it was.
 * What is written is laid out the way toml_edit (Cargo's own TOML editor, through
 * @rainbowatcher/toml-edit-js, which session-kit used before) laid it out, its
 * spacing quirks included, so manifests come out as they always have.
 */
import { getStaticTOMLValue, parseTOML, ParseError, type AST } from 'toml-eslint-parser';
import { applySplices, insertAt, type Splice } from './splice.js';
import { detectEol } from './style.js';

export type TomlValue = string | boolean | number | TomlValue[] | { [key: string]: TomlValue };

/** Thrown for text that is not TOML 1.0, as toml_edit read it; `lineNumber` counts from 1, `column` from 0. */
export { ParseError as TomlParseError };

/** The document as plain values (tables as objects). */
export function readToml(text: string): Record<string, unknown> {
  return getStaticTOMLValue(parseTOML(text)) as Record<string, unknown>;
}

/** `text` with the value at `path` set (see tomlSetSplice). */
export function setToml(text: string, path: readonly string[], value: TomlValue): string {
  return applySplices(text, [tomlSetSplice(text, path, value)]);
}

type Path = readonly (string | number)[];

interface Entry {
  kv: AST.TOMLKeyValue;
  /** Full key path of the value. */
  path: string[];
  /** Path of the table that holds the key/value line, or of the inline table. */
  holder: Path;
  inline: boolean;
}

interface Doc {
  top: AST.TOMLTopLevelTable;
  tables: AST.TOMLTable[];
  /** Every key/value, those inside inline tables included, in document order. */
  entries: Entry[];
}

/**
 * The splice that sets `path` to `value`:
 * - an existing value is replaced where it stands (its spacing and comment stay);
 * - a new key in a table, a `[table.sub]` section or a dotted-key table goes on a new
 *   line after that table's last key/value line, before the blank lines and comments
 *   that lead to the next header;
 * - a new key in an inline table goes before its `}`;
 * - a missing table is created (`[a.b]`) where toml_edit placed it: after the last
 *   section of its parent, or just before the first `[a.b.c]` when those exist.
 */
export function tomlSetSplice(text: string, path: readonly string[], value: TomlValue): Splice {
  if (path.length === 0) throw new Error('internal: empty TOML path');
  const doc = indexDocument(parseTOML(text));
  const name = path[path.length - 1];
  const parent = path.slice(0, -1);
  const rendered = formatValue(value);

  const existing = doc.entries.find((e) => samePath(e.path, path));
  if (existing) return { start: existing.kv.value.range[0], end: existing.kv.value.range[1], text: rendered };
  // A table (a section, or dotted keys under it) is not replaced by a value.
  if (doc.tables.some((t) => startsWith(t.resolvedKey, path)) || doc.entries.some((e) => startsWith(e.path, path))) {
    throw new Error(`cannot set ${path.join('.')}: it is a table`);
  }

  // A value on the way (`a = "1"` when setting a.b, or an inline table above it) holds no sub-keys we can add.
  for (let i = 1; i <= parent.length; i++) {
    const holder = doc.entries.find((e) => samePath(e.path, parent.slice(0, i)));
    if (!holder) continue;
    if (i === parent.length && holder.kv.value.type === 'TOMLInlineTable')
      return inlineTableSplice(text, holder.kv.value, name, rendered);
    throw new Error(
      `cannot set ${path.join('.')}: ${parent.slice(0, i).join('.')} is ${holder.kv.value.type === 'TOMLInlineTable' ? 'an inline table' : 'a value'}`,
    );
  }

  const eol = detectEol(text);
  if (parent.length === 0) {
    const last = doc.top.body.filter((n) => n.type === 'TOMLKeyValue').at(-1);
    const line = `${formatKey(name)} =${last ? valuePrefix(text, last) : ' '}${rendered}${eol}`;
    return last
      ? lineAfter(text, last.range[1], line, eol)
      : insertAt(0, text === '' ? line.slice(0, -eol.length) : line);
  }
  const section = doc.tables.find((t) => t.kind === 'standard' && samePath(t.resolvedKey, parent));
  if (section) {
    const last = section.body.at(-1);
    return lineAfter(
      text,
      last ? last.range[1] : section.range[1],
      `${formatKey(name)} =${last ? valuePrefix(text, last) : ' '}${rendered}${eol}`,
      eol,
    );
  }

  // `sqlx.version = "0.8"` under [dependencies]: a dotted-key table, extended with `sqlx.features = …`.
  const dotted = doc.entries.filter(
    (e) => !e.inline && e.holder.length < parent.length && e.path.length > parent.length && startsWith(e.path, parent),
  );
  const lastDotted = dotted.at(-1);
  if (lastDotted) {
    const keys = lastDotted.kv.key.keys;
    const prefix = text.slice(keys[0].range[0], keys[parent.length - lastDotted.holder.length - 1].range[1]);
    return lineAfter(
      text,
      lastDotted.kv.range[1],
      `${prefix}.${formatKey(name)} =${valuePrefix(text, lastDotted.kv)}${rendered}${eol}`,
      eol,
    );
  }

  return newSectionSplice(text, doc, parent, `${formatKey(name)} = ${rendered}${eol}`, eol);
}

function indexDocument(program: AST.TOMLProgram): Doc {
  const top = program.body[0];
  const tables: AST.TOMLTable[] = [];
  const entries: Entry[] = [];
  const addEntries = (kvs: AST.TOMLKeyValue[], holder: Path, inline: boolean) => {
    for (const kv of kvs) {
      const path = [...holder.map(String), ...kv.key.keys.map(keyName)];
      entries.push({ kv, path, holder, inline });
      if (kv.value.type === 'TOMLInlineTable') addEntries(kv.value.body, path, true);
    }
  };
  for (const node of top.body) {
    if (node.type === 'TOMLTable') {
      tables.push(node);
      addEntries(node.body, node.resolvedKey, false);
    } else {
      addEntries([node], [], false);
    }
  }
  return { top, tables, entries };
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
}

/** The spacing between `=` and the value (toml_edit gives a new line the last line's). */
function valuePrefix(text: string, kv: AST.TOMLKeyValue): string {
  return text.slice(text.indexOf('=', kv.key.range[1]) + 1, kv.value.range[0]);
}

/** Inserts `line` (ending with eol) after the line on which `offset` lies. */
function lineAfter(text: string, offset: number, line: string, eol: string): Splice {
  const newline = text.indexOf('\n', offset);
  // The last line without a final newline: the file still ends without one.
  if (newline === -1) return insertAt(text.length, eol + line.slice(0, -eol.length));
  return insertAt(newline + 1, line);
}

/**
 * A key added to `{ … }`, spaced as toml_edit spaces it: a key that sorts after every
 * present key copies the last key's spacing and drops the space before `}`; otherwise
 * it goes before `}` with toml_edit's default key spacing, the value spacing taken from
 * the first entry (the last one's before it when it sorts between first and last).
 * Hence `{ version = "0.8" , features = ["x"] }`, odd but what toml_edit always wrote.
 */
function inlineTableSplice(text: string, table: AST.TOMLInlineTable, name: string, rendered: string): Splice {
  const close = table.range[1] - 1;
  const body = table.body;
  if (body.length === 0) return insertAt(close, ` ${formatKey(name)} = ${rendered} `);
  const first = body[0];
  const last = body[body.length - 1];
  const valueSuffix = (kv: AST.TOMLKeyValue) =>
    text.slice(kv.value.range[1], kv === last ? close : text.indexOf(',', kv.value.range[1]));
  const afterFirst = keyName(first.key.keys[0]) < name;
  if (afterFirst && keyName(last.key.keys[0]) < name) {
    const delimiter = body.length > 1 ? text.indexOf(',', body[body.length - 2].value.range[1]) : table.range[0];
    const equals = text.indexOf('=', last.key.range[1]);
    const keyText = `${text.slice(delimiter + 1, last.key.range[0])}${formatKey(name)}${text.slice(last.key.range[1], equals)}`;
    return { start: last.value.range[1], end: close, text: `,${keyText}=${valuePrefix(text, last)}${rendered}` };
  }
  const prefix = valuePrefix(text, afterFirst ? last : first);
  return insertAt(close, `, ${formatKey(name)} =${prefix}${rendered}${valueSuffix(first)}`);
}

/** A table node for toml_edit's ordering: explicit sections have a position (1-based document order). */
interface TableNode {
  position: number | null;
  /** Sub-tables by key; arrays of tables have one node per element. */
  children: Map<string, TableNode[]>;
}

function nodeAt(root: TableNode, path: Path): TableNode {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment === 'number') continue;
    let list = node.children.get(segment);
    if (!list) node.children.set(segment, (list = []));
    const next = path[i + 1];
    const index = typeof next === 'number' ? next : 0;
    while (list.length <= index) list.push({ position: null, children: new Map() });
    node = list[index];
  }
  return node;
}

function findNode(root: TableNode, path: Path): TableNode | null {
  let node = root;
  for (const segment of path) {
    const list = node.children.get(String(segment));
    if (!list) return null;
    node = list[list.length - 1];
  }
  return node;
}

/**
 * Creates `[parent]` with its first line. toml_edit writes a new table right after the
 * section visited last, in a depth-first walk of the table tree, before it: after the
 * parent's existing sub-sections, or just before `[parent.x]` when the parent exists
 * only through them. Missing ancestors become empty sections, as toml_edit wrote them.
 */
function newSectionSplice(text: string, doc: Doc, parent: string[], line: string, eol: string): Splice {
  const root: TableNode = { position: 0, children: new Map() };
  const dottedParents = (kv: AST.TOMLKeyValue, holder: Path) => {
    if (kv.key.keys.length > 1) nodeAt(root, [...holder, ...kv.key.keys.slice(0, -1).map(keyName)]);
  };
  let position = 0;
  for (const node of doc.top.body) {
    if (node.type === 'TOMLKeyValue') {
      dottedParents(node, []);
      continue;
    }
    if (node.kind === 'standard') {
      // toml_edit moves a table declared after its sub-tables ([a.b] then [a]) to the end of its parent.
      const siblings = nodeAt(root, node.resolvedKey.slice(0, -1)).children;
      const key = String(node.resolvedKey[node.resolvedKey.length - 1]);
      const list = siblings.get(key);
      if (list) {
        siblings.delete(key);
        siblings.set(key, list);
      }
    }
    nodeAt(root, node.resolvedKey).position = ++position;
    for (const kv of node.body) dottedParents(kv, node.resolvedKey);
  }

  // A [[bin]]-style array of tables on the way would need an element to write into.
  for (let i = 1; i <= parent.length; i++) {
    if (doc.tables.some((t) => t.kind === 'array' && samePath(t.resolvedKey.slice(0, -1), parent.slice(0, i)))) {
      throw new Error(`cannot add a key to ${parent.join('.')}: ${parent.slice(0, i).join('.')} is an array of tables`);
    }
  }
  // The longest part of `parent` that exists (as a section, implicitly, or through dotted keys).
  let depth = 0;
  while (depth < parent.length && findNode(root, parent.slice(0, depth + 1))) depth++;
  const headers: string[] = [];
  for (let i = Math.min(depth + 1, parent.length); i <= parent.length; i++)
    headers.push(`[${parent.slice(0, i).map(formatKey).join('.')}]`);

  // Depth-first walk: the section visited last before the new table.
  const existing = depth === parent.length ? findNode(root, parent) : null;
  const ancestor = existing ? null : findNode(root, parent.slice(0, depth));
  let lastPosition = 0;
  const visit = (node: TableNode): number | null => {
    if (node === existing) return lastPosition;
    if (node.position !== null) lastPosition = node.position;
    for (const list of node.children.values()) {
      for (const child of list) {
        const found = visit(child);
        if (found !== null) return found;
      }
    }
    return node === ancestor ? lastPosition : null;
  };
  const after = visit(root) ?? lastPosition;

  const anchor: AST.TOMLTable | null = after === 0 ? null : doc.tables[after - 1];
  const lastLine = anchor
    ? (anchor.body.at(-1) ?? anchor)
    : doc.top.body.filter((n) => n.type === 'TOMLKeyValue').at(-1);
  // A table written first in the file gets no blank line before it.
  const block = headers.map((h, i) => (i === 0 && !lastLine ? '' : eol) + h + eol).join('') + line;
  if (lastLine) return lineAfter(text, lastLine.range[1], block, eol);
  // An empty file has no final newline, and keeps none.
  return insertAt(0, text === '' ? block.slice(0, -eol.length) : block);
}

/** A key as toml_edit writes it: bare when it can be, else a basic string. */
function formatKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : basicString(key);
}

function basicString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    const short: Record<string, string> = {
      '\\': '\\\\',
      '"': '\\"',
      '\b': '\\b',
      '\t': '\\t',
      '\n': '\\n',
      '\f': '\\f',
      '\r': '\\r',
    };
    return short[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** Values written as toml_edit writes new ones: `"s"`, `["a", "b"]`, `{ k = v, k2 = v2 }`. */
function formatValue(value: TomlValue): string {
  if (typeof value === 'string') {
    // toml_edit prefers a literal string for a backslash ('C:\x'), when it can be one.
    return value.includes('\\') && !/['\u0000-\u0008\u000a-\u001f\u007f]/.test(value)
      ? `'${value}'`
      : basicString(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`internal: only integers are written to TOML (${value})`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${formatKey(k)} = ${formatValue(v)}`).join(', ')} }`;
}

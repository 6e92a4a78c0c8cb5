/**
 * The file's own style, so inserted lines look like the user wrote them:
 * line ending, indentation unit, quote character and semicolons.
 */
export interface CodeStyle {
  eol: '\n' | '\r\n';
  /** One level of indentation: a tab or N spaces. */
  indent: string;
  quote: "'" | '"';
  semicolons: boolean;
}

export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

export function detectIndent(text: string): string {
  // The unit is the most frequent step by which indentation grows from one line to the
  // next; counting raw widths would let deeply nested lines (4 spaces in a 2-space file) win.
  const counts = new Map<string, number>();
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    const match = /^([ \t]*)\S/.exec(line);
    if (!match) continue;
    const lead = match[1];
    if (lead.startsWith('\t')) {
      counts.set('\t', (counts.get('\t') ?? 0) + 1);
      previous = 0;
      continue;
    }
    if (lead.length > previous) {
      const unit = ' '.repeat(lead.length - previous);
      counts.set(unit, (counts.get(unit) ?? 0) + 1);
    }
    previous = lead.length;
  }
  let best = '  ';
  let bestCount = 0;
  for (const [unit, count] of counts) {
    if (count > bestCount) [best, bestCount] = [unit, count];
  }
  return best;
}

export function detectQuote(text: string): "'" | '"' {
  const moduleLines = text.match(/^\s*(?:import|export|const|let|var)\b.*?(['"])[^'"\n]*\1/gm) ?? [];
  const sample = moduleLines.length > 0 ? moduleLines.join('\n') : text;
  const single = (sample.match(/'[^'\n]*'/g) ?? []).length;
  const double = (sample.match(/"[^"\n]*"/g) ?? []).length;
  return double > single ? '"' : "'";
}

/** A statement-ending semicolon is the majority style unless most statement lines lack one. */
export function detectSemicolons(text: string): boolean {
  let withSemi = 0;
  let without = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trimEnd();
    if (!/^\s*(?:import|const|let|var|return|[A-Za-z_$][\w$.]*\s*\(|await\b)/.test(line)) continue;
    if (/[{(,[=>+\-*/|&?:]$/.test(line)) continue;
    if (line.endsWith(';')) withSemi++;
    else if (/[)\w'"`\]]$/.test(line)) without++;
  }
  return withSemi >= without;
}

export function detectStyle(text: string): CodeStyle {
  return {
    eol: detectEol(text),
    indent: detectIndent(text),
    quote: detectQuote(text),
    semicolons: detectSemicolons(text),
  };
}

/** Renders code written with single quotes and semicolons in the file's style. */
export function restyle(code: string, style: CodeStyle): string {
  let out = code;
  if (style.quote === '"') out = out.replace(/'([^'"\n\\]*)'/g, '"$1"');
  if (!style.semicolons) out = out.replace(/;(\s*(?:\/\/.*)?)$/gm, '$1');
  return out;
}

/** Generated code (written with LF, single quotes, semicolons) in the project's style. */
export function inFileStyle(code: string, style: CodeStyle): string {
  const styled = restyle(code, style);
  return style.eol === '\r\n' ? styled.replace(/\r?\n/g, '\r\n') : styled;
}

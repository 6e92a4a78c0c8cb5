/** JSON as npm reads it: a leading byte order mark (some Windows editors write one) is not part of the document. */
export function parseJsonText<T = unknown>(text: string): T {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as T;
}

/** A JS identifier written into a regular expression: `$` is its only character with a meaning there. */
export function escapeIdentifier(name: string): string {
  return name.replace(/\$/g, '\\$');
}

/** Any text written into a regular expression, every special character escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

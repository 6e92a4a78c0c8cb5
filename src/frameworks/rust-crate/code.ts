/** Text helpers the Rust integrations share. */

/** The line ending inserted lines take: CRLF when the file has any. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

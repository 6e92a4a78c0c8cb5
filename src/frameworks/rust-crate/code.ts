/**
 * Rust source as the regular expressions of the Rust integrations read it: comments and
 * string contents masked, offsets kept, so a match maps back to the file.
 */
import { maskSource } from '../../check/mask.js';

/** Code without comments and string contents (offsets kept). */
export function rustCode(text: string): string {
  return maskSource(text).code;
}

/** The line ending inserted lines take: CRLF when the file has any. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

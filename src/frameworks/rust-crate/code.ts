/**
 * Rust source as the regular expressions of the Rust integrations read it: comments and
 * string contents masked, offsets kept, so a match maps back to the file.
 */
import { maskSource } from '../../check/mask.js';

/** Code without comments and string contents (offsets kept). */
export function rustCode(text: string): string {
  return maskSource(text).code;
}

/**
 * session-kit edits text as UTF-8; a file with other bytes would come back with
 * U+FFFD in their place, so it is refused instead, naming the first bad byte.
 */
import { isUtf8 } from 'node:buffer';

/** Byte offset of the first byte that is not part of valid UTF-8, or null when all are. */
export function invalidUtf8Offset(bytes: Buffer): number | null {
  if (isUtf8(bytes)) return null;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // The first continuation byte's range excludes overlongs, surrogates and code points above U+10FFFF.
    const [low, high] =
      b === 0xe0
        ? [0xa0, 0xbf]
        : b === 0xed
          ? [0x80, 0x9f]
          : b === 0xf0
            ? [0x90, 0xbf]
            : b === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return i;
}

import { describe, expect, it } from 'vitest';
import { invalidUtf8Offset } from '../../src/core/utf8.js';

describe('invalidUtf8Offset', () => {
  it('is null for valid UTF-8, a BOM and 4-byte characters included', () => {
    expect(invalidUtf8Offset(Buffer.from('\uFEFFcafé → 😀\n', 'utf8'))).toBeNull();
    expect(invalidUtf8Offset(Buffer.alloc(0))).toBeNull();
  });

  it.each([
    ['a Latin-1 byte', [0x63, 0x61, 0x66, 0xe9, 0x0a], 3],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong encoding', [0x61, 0x62, 0xc0, 0xaf], 2],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a character cut off at the end', [0x61, 0x62, 0x63, 0xe2, 0x82], 3],
    ['a bad byte after valid multi-byte text', [...Buffer.from('é😀'), 0xff], 6],
  ])('names the offset of %s', (_name, bytes, offset) => {
    expect(invalidUtf8Offset(Buffer.from(bytes))).toBe(offset);
  });
});

/** 32-bit FNV-1a: a small, fast, non-cryptographic hash (feature hashing, shard assignment, derived ids). */

const _PRIME = 0x01000193;
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/** FNV-1a of a string's UTF-16 code units (`basis` defaults to the standard offset basis). */
export function fnv1a(text: string, basis = FNV_OFFSET_BASIS): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, _PRIME);
  }
  return h >>> 0;
}

/** FNV-1a of a string's UTF-8 bytes: the published definition, reproducible by any other tool. */
export function fnv1aUtf8(text: string): number {
  let h = FNV_OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, _PRIME) >>> 0;
  }
  return h >>> 0;
}

/**
 * Counter-based random numbers: MurmurHash3 (x86, 32-bit) of a short sequence of 32-bit
 * words. A value depends only on the words hashed, never on how many values were drawn
 * before it or on which thread drew it, so any shard of a computation can draw its own part.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Murmur3's state after absorbing one more 32-bit word. */
export function absorb(state: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let h = state ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Murmur3's finaliser, given the number of words absorbed: a uint32. */
export function finish(state: number, words: number): number {
  let h = state ^ (words * 4);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One uint32 from a list of words (each taken modulo 2^32; a number past 2^32 contributes its high part too). */
export function hashWords(...words: number[]): number {
  let state = 0;
  let count = 0;
  for (const word of words) {
    state = absorb(state, word >>> 0);
    state = absorb(state, Math.floor(word / 2 ** 32) >>> 0);
    count += 2;
  }
  return finish(state, count);
}

/** A string's uint32 hash (UTF-16 code units), to key things that have a name but no seed. */
export function hashString(text: string): number {
  let state = 0;
  for (let i = 0; i < text.length; i++) state = absorb(state, text.charCodeAt(i));
  return finish(state, text.length);
}

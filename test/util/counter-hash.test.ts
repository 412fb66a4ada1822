import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absorb, finish, hashString, hashWords } from '../../src/util/counter-hash.js';

/** A 4-byte ASCII string as the little-endian word MurmurHash3 reads. */
const word = (text: string) => Buffer.from(text, 'latin1').readUInt32LE(0);

test('absorb and finish are MurmurHash3 x86_32 (the published test vectors)', () => {
  assert.equal(finish(0, 0), 0, 'empty input, seed 0');
  assert.equal(finish(1, 0), 0x514e28b7, 'empty input, seed 1');
  assert.equal(finish(absorb(0, word('test')), 1), 0xba6bd213);
  assert.equal(finish(absorb(0x9747b28c | 0, word('abcd')), 1), 0xf0478627);
  assert.equal(finish(absorb(0x9747b28c | 0, word('aaaa')), 1), 0x5a97808a);
});

test('hashWords is a pure function of its words, and of their order and count', () => {
  assert.equal(hashWords(1, 2, 3), hashWords(1, 2, 3));
  assert.notEqual(hashWords(1, 2), hashWords(2, 1));
  assert.notEqual(hashWords(1), hashWords(1, 0), 'a trailing zero word counts');
  for (const value of [hashWords(), hashWords(0), hashWords(7, 8)]) assert.ok(Number.isInteger(value) && value >= 0 && value < 2 ** 32);
});

test('hashWords takes words modulo 2^32 but keeps the high part of a larger number', () => {
  assert.equal(hashWords(2 ** 32 - 1), hashWords(0xffffffff));
  assert.notEqual(hashWords(2 ** 32 + 1), hashWords(1), 'a seed past 2^32 does not collide with its low word');
  assert.equal(hashWords(3.7), hashWords(3), 'fractions are dropped');
});

test('hashString hashes UTF-16 code units; different names get different values', () => {
  assert.equal(hashString(''), 0);
  assert.equal(hashString('dense_1'), hashString('dense_1'));
  const names = Array.from({ length: 1000 }, (_, i) => `layer_${i}`);
  assert.equal(new Set(names.map(hashString)).size, names.length);
  assert.notEqual(hashString('é'), hashString('e'));
});

test('consecutive counters give values spread over the range (no obvious bias)', () => {
  const draws = Array.from({ length: 20000 }, (_, i) => hashWords(42, i) / 2 ** 32);
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  const below = draws.filter((d) => d < 0.1).length / draws.length;
  assert.ok(Math.abs(below - 0.1) < 0.01, `fraction below 0.1: ${below}`);
});

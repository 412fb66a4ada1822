import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom, shuffleInPlace } from '../../src/util/random.js';

const draw = (seed: number, n: number) => { const r = seededRandom(seed); return Array.from({ length: n }, r); };

test('the same seed gives the same sequence; other seeds other sequences; the seed is taken modulo 2^32', () => {
  assert.deepEqual(draw(1337, 10), draw(1337, 10));
  assert.notDeepEqual(draw(1337, 10), draw(1338, 10));
  assert.deepEqual(draw(2 ** 32 + 5, 5), draw(5, 5));
  assert.deepEqual(draw(-1, 5), draw(2 ** 32 - 1, 5));
});

test('values lie in [0, 1) and are spread evenly', () => {
  const values = draw(7, 20000);
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const buckets = new Array(10).fill(0);
  for (const v of values) buckets[Math.floor(v * 10)]++;
  for (const count of buckets) assert.ok(Math.abs(count - 2000) < 200, `bucket counts ${buckets}`);
});

test('shuffleInPlace permutes an array or a Uint32Array, reproducibly from the seed', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const a = [...items];
  const b = [...items];
  shuffleInPlace(a, seededRandom(3));
  shuffleInPlace(b, seededRandom(3));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, items);
  assert.deepEqual([...a].sort((x, y) => x - y), items);
  const typed = Uint32Array.from(items);
  shuffleInPlace(typed, seededRandom(3));
  assert.deepEqual(Array.from(typed), a);
});

test('every ordering of three items comes out, about equally often; empty and single lists are left alone', () => {
  const counts = new Map<string, number>();
  const random = seededRandom(11);
  for (let i = 0; i < 6000; i++) {
    const items = ['a', 'b', 'c'];
    shuffleInPlace(items, random);
    counts.set(items.join(''), (counts.get(items.join('')) ?? 0) + 1);
  }
  assert.equal(counts.size, 6);
  for (const [order, count] of counts) assert.ok(Math.abs(count - 1000) < 150, `${order}: ${count}`);
  const empty: number[] = [];
  shuffleInPlace(empty, random);
  assert.deepEqual(empty, []);
  const one = [9];
  shuffleInPlace(one, random);
  assert.deepEqual(one, [9]);
});

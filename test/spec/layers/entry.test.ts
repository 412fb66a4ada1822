import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { defineLayer, passThrough } from '../../../src/spec/layers/entry.js';

test('passThrough layers keep their input shape, whatever it is, and have no weights', () => {
  for (const input of [[null, 3], [null, 1, 28, 28], [null, null, 4, 5]]) {
    assert.equal(passThrough.check(), undefined);
    assert.deepEqual(passThrough.outputShape({}, input), input);
    assert.equal(passThrough.outputShape({}, input), input, 'the same array: nothing is copied or reordered');
  }
  assert.equal(passThrough.params(), 0);
});

test('defineLayer hands back the entry it was given, methods included', () => {
  const entry = {
    className: 'Probe',
    schema: z.strictObject({ n: z.number() }),
    namePrefix: 'probe',
    toTfjs: () => { throw new Error('not built here'); },
    check: () => undefined,
    outputShape: (c: { n: number }, _input: unknown, _context: unknown) => [null, c.n],
    params: (c: { n: number }, _input: unknown, _context: unknown) => c.n * 2,
  };
  const defined = defineLayer(entry);
  assert.equal(defined, entry);
  assert.deepEqual(defined.outputShape({ n: 3 }, [null, 1], { dataFormat: 'channels_last' }), [null, 3]);
  assert.equal(defined.params({ n: 3 }, [null, 1], { dataFormat: 'channels_last' }), 6);
});

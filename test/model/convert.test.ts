import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { convertTarget, targetOfPath } from '../../src/model/convert.js';

test('--out alone decides the format: .h5/.hdf5 (any case) → h5, .keras → keras, anything else a tfjs folder', () => {
  assert.equal(targetOfPath('m.h5'), 'h5');
  assert.equal(targetOfPath('dir/M.HDF5'), 'h5');
  assert.equal(targetOfPath('m.keras'), 'keras');
  assert.equal(targetOfPath('web'), 'tfjs');
  assert.equal(targetOfPath('web/'), 'tfjs');
  assert.equal(targetOfPath('model.v2'), 'tfjs');
});

test('--to must agree with --out; agreeing or absent --to gives the same target', () => {
  assert.equal(convertTarget('m.h5', 'h5'), 'h5');
  assert.equal(convertTarget('m.keras'), 'keras');
  assert.equal(convertTarget('web', 'tfjs'), 'tfjs');
  assert.equal(convertTarget('web'), 'tfjs');
  // A mistyped extension is refused rather than becoming a folder named like a file; --to tfjs allows it.
  for (const out of ['m.hdf', 'm.json', 'out/m.txt']) {
    assert.throws(() => convertTarget(out), (error: unknown) => error instanceof UserError && error.exitCode === 2 && error.location === '--out' && /must end in \.h5 or \.hdf5/.test(error.message), out);
  }
  assert.equal(convertTarget('model.v2', 'tfjs'), 'tfjs');
  assert.equal(convertTarget('m.h5-tfjs'), 'tfjs');
  for (const [out, to] of [['m.keras', 'h5'], ['m.h5', 'keras'], ['m.h5', 'tfjs'], ['web', 'h5']] as const) {
    assert.throws(() => convertTarget(out, to), (error: unknown) => error instanceof UserError && error.exitCode === 2 && error.location === '--out', `${out} ${to}`);
  }
});

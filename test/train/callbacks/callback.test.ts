import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { isStateful, type Callback, type StatefulCallback } from '../../../src/train/callbacks/callback.js';
import { EarlyStopping } from '../../../src/train/callbacks/early-stopping.js';
import { TerminateOnNaN } from '../../../src/train/callbacks/terminate-on-nan.js';

test('isStateful needs the schema and both state methods', () => {
  const stateful: StatefulCallback<number> = { name: 's', stateSchema: z.number(), getState: () => 1, setState: () => {} };
  assert.equal(isStateful(stateful), true);
  const { stateSchema: _schema, ...noSchema } = stateful;
  const { setState: _set, ...noSetter } = stateful;
  const { getState: _get, ...noGetter } = stateful;
  for (const partial of [noSchema, noSetter, noGetter, { name: 'plain', onEpochEnd() {} }] as Callback[]) assert.equal(isStateful(partial), false, JSON.stringify(Object.keys(partial)));
});

test('of the real callbacks, early stopping keeps state for --resume and the NaN stop does not', () => {
  assert.equal(isStateful(new EarlyStopping({ monitor: 'val_loss', min_delta: 0, patience: 2, mode: 'auto', restore_best_weights: false }, () => {})), true);
  assert.equal(isStateful(new TerminateOnNaN()), false);
});

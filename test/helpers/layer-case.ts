import assert from 'node:assert/strict';
import { test } from 'node:test';
import tf from '../../src/util/tfjs.cjs';
import { buildModel } from '../../src/model/build.js';
import { inferLayer } from '../../src/model/shape-checks.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';
import { userError } from './user-error.js';

/**
 * Per-layer-class test cases (test/spec/layers/<class>.test.ts): build one layer with tfjs
 * (cpu backend, set by the caller) and check that the registry's shape rules agree.
 */

/** Validates a list of raw layers as a spec would, so tests use the real schema and Keras 1 translation. */
export function layersOf(layers: unknown[]): ModelSpec {
  const spec = parseSpec({ dataset: 'mnist', model: { layers } });
  assert.ok(typeof spec.model !== 'string');
  return spec.model;
}

/**
 * Builds one layer on an input (per-sample shape) and returns its output shape and params,
 * after checking that the registry's shape rules (used to refuse huge models before
 * allocating) predict exactly what tfjs built.
 */
export function buildOne(layer: unknown, input: number[], ordering: 'tf' | 'th') {
  const spec = layersOf([layer]);
  const model = buildModel(spec, { imageDimOrdering: ordering, inputShape: input });
  const result = { shape: model.outputShape, params: model.countParams() };
  model.dispose();
  const [only] = spec.layers;
  const format = ('data_format' in only.config ? only.config.data_format : undefined) ?? (ordering === 'th' ? 'channels_first' : 'channels_last');
  const inferred = inferLayer(only, [null, ...input], format, { index: 0, name: 'probe' });
  assert.deepEqual({ shape: inferred.output, params: inferred.params }, result, 'the shape rules agree with tfjs');
  return result;
}

/** tf shape (rows, cols, channels) → th shape (channels, rows, cols). */
export const th = ([rows, cols, channels]: number[]) => [channels, rows, cols];

/**
 * One row per case: layer spec, per-sample input (rows, cols, channels), expected output
 * (rows, cols, channels), params. Both orderings are checked from the same row, as Keras's
 * conv_test.py does for data_format.
 */
export type SpatialCase = [name: string, layer: unknown, input: number[], output: number[], params: number];

export function spatialTests(cases: readonly SpatialCase[]): void {
  for (const [name, layer, input, output, params] of cases) {
    test(`${name}: tf ${JSON.stringify(input)} → ${JSON.stringify(output)}, ${params} params`, () => {
      assert.deepEqual(buildOne(layer, input, 'tf'), { shape: [null, ...output], params });
    });
    test(`${name}: th ${JSON.stringify(th(input))} → ${JSON.stringify(th(output))}, ${params} params`, () => {
      assert.deepEqual(buildOne(layer, th(input), 'th'), { shape: [null, ...th(output)], params });
    });
  }
}

/** Layers whose output does not depend on the ordering's layout in the same way: name, layer, input, ordering, output, params. */
export type FlatCase = [name: string, layer: unknown, input: number[], ordering: 'tf' | 'th', output: (number | null)[], params: number];

export function flatTests(cases: readonly FlatCase[]): void {
  for (const [name, layer, input, ordering, output, params] of cases) {
    test(`${name}: ${JSON.stringify(input)} → ${JSON.stringify(output)}, ${params} params`, () => {
      assert.deepEqual(buildOne(layer, input, ordering), { shape: output, params });
    });
  }
}

/** The config a spec's one layer validates to (defaults filled in). */
export function configOf(layer: unknown): Record<string, unknown> {
  return layersOf([layer]).layers[0]!.config as Record<string, unknown>;
}

/** Asserts that a spec with this one layer is refused with a line matching `pattern` (the JSON path included). */
export function assertConfigError(layer: unknown, pattern: RegExp): void {
  assert.throws(() => parseSpec({ dataset: 'mnist', model: { layers: [layer] } }, 'spec.json'), userError(pattern));
}

/** Asserts that building these layers is refused with a UserError matching `pattern`, leaving no tensors behind. */
export function assertBuildError(layers: unknown[], input: number[] | undefined, ordering: 'tf' | 'th', pattern: RegExp): void {
  const spec = layersOf(layers);
  const before = tf.memory().numTensors;
  assert.throws(() => buildModel(spec, { imageDimOrdering: ordering, inputShape: input, file: 'spec.json' }), userError(pattern));
  assert.equal(tf.memory().numTensors, before, 'a refused spec leaves no weights behind');
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { formatJsonPath, zodIssuesToUserError } from '../../src/util/zod-error.js';
import { userError } from '../helpers/user-error.js';

const layer = z.discriminatedUnion('class_name', [
  z.object({ class_name: z.literal('Dense'), config: z.strictObject({ units: z.number().int().positive(), activation: z.enum(['relu', 'softmax']).optional() }) }),
  z.object({ class_name: z.literal('Flatten'), config: z.strictObject({}) }),
]);
const schema = z.strictObject({ model: z.strictObject({ layers: z.array(layer), name: z.string().optional() }), epochs: z.number().int().optional() });

function lineFor(
  data: unknown,
  userPath?: (path: ReadonlyArray<PropertyKey>) => ReadonlyArray<PropertyKey>,
  otherKeys?: (path: ReadonlyArray<PropertyKey>) => readonly string[],
): string {
  const result = schema.safeParse(data);
  assert.equal(result.success, false, 'the data is invalid');
  const error = zodIssuesToUserError(result.error!.issues, { schema, data, file: 'spec.json', code: 'SPEC_INVALID', userPath, otherKeys });
  assert.ok(userError(/^spec\.json: /, 'SPEC_INVALID')(error));
  return error.toLine();
}

const dense = (config: unknown) => ({ model: { layers: [{ class_name: 'Dense', config }] } });

test('formatJsonPath writes indices in brackets, keys after dots, and names the top level', () => {
  assert.equal(formatJsonPath(['model', 'layers', 2, 'config', 'filters']), 'model.layers[2].config.filters');
  assert.equal(formatJsonPath([0, 'a']), '[0].a');
  assert.equal(formatJsonPath(['a'], 'settings'), 'settings.a');
  assert.equal(formatJsonPath([]), '(top level)');
});

test('a misspelt key is reported as the unknown key with a suggestion, before the missing one it causes', () => {
  assert.equal(lineFor(dense({ unit: 3 })), 'spec.json: model.layers[0].config.unit is not a known key. Did you mean "units"? (+1 more: at model.layers[0].config.units)');
  assert.equal(lineFor({ model: { layerz: [] } }), 'spec.json: model.layerz is not a known key. Did you mean "layers"? (+1 more: at model.layers)');
});

test('an unknown key with no near match lists the allowed keys of the union branch the data chose', () => {
  assert.equal(lineFor(dense({ units: 3, zzzzzzzz: 1 })), 'spec.json: model.layers[0].config.zzzzzzzz is not a known key. Allowed keys: units, activation.');
});

test('a bad value names the path, the rule, and what was received; a near enum value is suggested', () => {
  assert.equal(lineFor(dense({ units: -3 })), 'spec.json: model.layers[0].config.units Too small: expected number to be >0. Received: -3.');
  assert.match(lineFor(dense({ units: 3, activation: 'relux' })), /config\.activation Invalid option: expected one of "relu"\|"softmax"\. Received: "relux"\. Did you mean "relu"\?$/);
  assert.equal(lineFor(dense({})), 'spec.json: model.layers[0].config.units is missing.');
  assert.equal(lineFor(5), 'spec.json: (top level) Invalid input: expected object, received number. Received: 5.');
});

test('a long received value is cut to 60 characters; further issues are counted', () => {
  const line = lineFor({ model: { layers: [] }, epochs: 'x'.repeat(100) });
  assert.match(line, /Received: "x{56}\.\.\.\.$/);
  assert.match(lineFor({ model: { layers: [{ class_name: 'Dense', config: { units: 1.5 } }], name: 3 } }), /units .* Received: 1\.5\. \(\+1 more: at model\.name\)$/);
});

test('userPath maps the reported path back to what the user wrote', () => {
  const line = lineFor(dense({ units: 0 }), (path) => path.map((key) => (key === 'units' ? 'output_dim' : key)));
  assert.match(line, /^spec\.json: model\.layers\[0\]\.config\.output_dim Too small/);
});

test('a plain union descends into the branch whose type matched, else reports the union', () => {
  const union = z.union([z.string(), z.strictObject({ path: z.string(), seed: z.number() })]);
  const explain = (data: unknown) => {
    const result = union.safeParse(data);
    return zodIssuesToUserError(result.error!.issues, { schema: union, data, file: 'f', code: 'C' }).toLine();
  };
  assert.equal(explain({ path: 'a', seed: 'x' }), 'f: seed Invalid input: expected number, received string. Received: "x".');
  assert.equal(explain(7), 'f: (top level) Invalid input. Received: 7.');
});

test('otherKeys adds spellings (Keras 1 keys) to the suggestion and, named as Keras 1, to the allowed list at that path only', () => {
  const keras1 = (path: ReadonlyArray<PropertyKey>) => (path.at(-1) === 'config' ? ['output_dim'] : []);
  assert.equal(lineFor(dense({ output_dm: 3 }), undefined, keras1), 'spec.json: model.layers[0].config.output_dm is not a known key. Did you mean "output_dim"? (+1 more: at model.layers[0].config.units)');
  assert.equal(lineFor(dense({ units: 3, zzzzzzzz: 1 }), undefined, keras1), 'spec.json: model.layers[0].config.zzzzzzzz is not a known key. Allowed keys: units, activation. Keras 1 names also taken: output_dim.');
  assert.equal(lineFor({ model: { layers: [], output_dm: 1 } }, undefined, keras1), 'spec.json: model.output_dm is not a known key. Allowed keys: layers, name.');
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkModelFitsDataset, evaluationSource, loadModelFile, resolveEvaluateInput } from '../../src/train/evaluate-model-file.js';
import { tempDir } from '../helpers/cli.js';
import { KERAS1_DENSE, writeDenseWeights } from '../helpers/keras-weights.js';
import { userError } from '../helpers/user-error.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('the dataset comes from exactly one of --dataset and --spec', async (t) => {
  await assert.rejects(evaluationSource({}), userError(/needs --dataset <name> or --spec <spec\.json>\. Received: neither\./, 'DATASET_NEEDED'));
  await assert.rejects(evaluationSource({ dataset: 'mnist', spec: 's.json' }), userError(/^--dataset: give one of --dataset and --spec, not both\./));

  const named = await evaluationSource({ dataset: 'cifar10' });
  assert.deepEqual(named.dataset, { name: 'cifar10' });
  assert.equal(named.compile.loss, 'categorical_crossentropy');
  assert.deepEqual(named.compile.metrics, ['accuracy']);

  const { dir, remove } = tempDir();
  t.after(remove);
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify(smallCnnSpec({ dataset: { name: 'fashion-mnist', path: 'data/fm' }, compile: { loss: 'sparse_categorical_crossentropy' } })));
  const fromSpec = await evaluationSource({ spec });
  assert.equal(fromSpec.dataset.name, 'fashion-mnist');
  assert.equal(fromSpec.dataset.path, 'data/fm');
  assert.equal(fromSpec.compile.loss, 'sparse_categorical_crossentropy');
  writeFileSync(spec, '{"dataset": "nope"}');
  await assert.rejects(evaluationSource({ spec }), userError(/spec\.json/));
});

const fake = (input: (number | null)[], output: (number | null)[]) => ({ inputs: [{ shape: input }], outputs: [{ shape: output }] }) as never;
const mnist = { name: 'mnist', imageShape: [28, 28, 1] as [number, number, number], numClasses: 10 };

test('a model fits the dataset when its input is the image shape and its output one unit per class', () => {
  checkModelFitsDataset(fake([null, 28, 28, 1], [null, 10]), mnist, 'tf', 'm.json');
  checkModelFitsDataset(fake([null, null, null, 1], [null, 10]), mnist, 'tf', 'm.json');
  assert.throws(
    () => checkModelFitsDataset(fake([null, 1, 28, 28], [null, 10]), mnist, 'tf', 'm.json'),
    userError(/^m\.json: the model's input shape must match the mnist images, \[28,28,1\] in the model's ordering "tf"\. Received: \[1,28,28\]\./, 'SHAPE_MISMATCH'),
  );
  assert.throws(() => checkModelFitsDataset(fake([null, 784], [null, 10]), mnist, 'tf', 'm.json'), userError(/Received: \[784\]/, 'SHAPE_MISMATCH'));
  assert.throws(
    () => checkModelFitsDataset(fake([null, 28, 28, 1], [null, 3]), mnist, 'tf', 'm.json'),
    userError(/^m\.json: the model's output shape must be \[10\], one unit per mnist class\. Received: \[3\]\./, 'CLASSES_MISMATCH'),
  );
  assert.throws(() => checkModelFitsDataset(fake([null, 28, 28, 1], [null, 4, 10]), mnist, 'tf', 'm.json'), userError(/Received: \[4,10\]/, 'CLASSES_MISMATCH'));
});

test('loadModelFile reads a Keras JSON; a spec or a missing file is refused first', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const keras = join(dir, 'k.json');
  writeFileSync(keras, JSON.stringify({ class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'd', output_dim: 3, batch_input_shape: [null, 4] } }] }));
  const input = await resolveEvaluateInput(keras);
  assert.equal(input.kind, 'keras');
  const { model, untrained } = await loadModelFile(input);
  t.after(() => model.dispose());
  assert.equal(untrained, true, 'a JSON has no weights');
  assert.deepEqual(model.outputs[0]!.shape, [null, 3]);
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify(smallCnnSpec()));
  await assert.rejects(resolveEvaluateInput(spec), userError(/evaluate needs a run directory, a model\.json or a Keras model file\. Received: .*spec\.json, which is neither/, 'INPUT_INVALID'));
  await assert.rejects(resolveEvaluateInput(join(dir, 'nope.json')), userError(/^evaluate needs a run directory, a model\.json or a Keras model file\. Received: .*nope\.json, which does not exist\.$/, 'INPUT_NOT_FOUND'));
});

test('loadModelFile with --weights: a Keras JSON is no longer untrained; a tfjs model.json refuses the flag', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'm.json'), JSON.stringify(KERAS1_DENSE));
  await writeDenseWeights(join(dir, 'w.h5'));
  const { model, untrained } = await loadModelFile(await resolveEvaluateInput(join(dir, 'm.json')), join(dir, 'w.h5'));
  t.after(() => model.dispose());
  assert.equal(untrained, false);
  assert.deepEqual(Array.from(model.getWeights()[1]!.dataSync()), [100, 101, 102]);
  await assert.rejects(loadModelFile({ kind: 'model', label: 'model.json', modelPath: join(dir, 'model.json') }, 'w.h5'), userError(/^w\.h5: --weights goes with a Keras model file .*Received: model\.json, a tfjs model\.$/));
});

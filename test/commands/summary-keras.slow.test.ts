import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import { KERAS_JSON_MODELS, KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../helpers/keras-fixtures.js';

// These run the real binary (bin/kerasts → dist/): build first (npx tsc -p tsconfig.json).

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

for (const { file, params, firstShape } of KERAS_JSON_MODELS) {
  test(`kerasts summary ${file}: ${thousands(params)} parameters, first output ${firstShape}`, (t) => {
    if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
    const result = runCli(['summary', kerasModel(file)]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Total params: ${thousands(params)}$`, 'm'));
    const firstRow = result.stdout.split('\n')[3]!;
    assert.ok(firstRow.includes(firstShape), firstRow);
  });
}

test('kerasts summary of the Keras 1 Theano mnist_cnn shows channels-first shapes throughout', (t) => {
  if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
  const result = runCli(['summary', kerasModel('keras1/dl4j_mnist_cnn_th_keras_1_config.json'), '--json']);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { layers: { name: string; className: string; outputShape: (number | null)[]; params: number }[] };
  assert.deepEqual(
    summary.layers.slice(0, 7).map((l) => [l.name, l.className, l.outputShape, l.params]),
    [
      ['convolution2d_1', 'Conv2D', [null, 32, 26, 26], 320],
      ['activation_1', 'Activation', [null, 32, 26, 26], 0],
      ['convolution2d_2', 'Conv2D', [null, 32, 24, 24], 9248],
      ['activation_2', 'Activation', [null, 32, 24, 24], 0],
      ['maxpooling2d_1', 'MaxPooling2D', [null, 32, 12, 12], 0],
      ['dropout_1', 'Dropout', [null, 32, 12, 12], 0],
      ['flatten_1', 'Flatten', [null, 4608], 0],
    ],
  );
});

const first = { class_name: 'Dense', config: { name: 'dense_1', units: 4, batch_input_shape: [null, 3] } };
const sequential = (layer: unknown) => JSON.stringify({ class_name: 'Sequential', keras_version: '2.1.1', config: [first, layer] });
const BAD_INPUTS: ReadonlyArray<{ name: string; text: string | Buffer; line: RegExp }> = [
  { name: 'lstm.json', text: sequential({ class_name: 'LSTM', config: { name: 'lstm_1', units: 4 } }), line: /^kerasts: lstm\.json: layer 1 \("lstm_1"\) is a LSTM layer, which kerasts cannot build\. Supported layers: Conv2D \(Keras 1: Convolution2D\), .*InputLayer\.$/ },
  { name: 'lambda.json', text: sequential({ class_name: 'Lambda', config: { name: 'lambda_1', function: ['import os; os.system("touch PWNED")', null, null], function_type: 'lambda' } }), line: /^kerasts: lambda\.json: layer 1 \("lambda_1"\) is a Lambda layer \(a Lambda holds Python code, which kerasts never runs\)/ },
  { name: 'custom.json', text: sequential({ class_name: 'MyAttention', config: { name: 'attn' } }), line: /^kerasts: custom\.json: layer 1 \("attn"\) is a MyAttention layer, which kerasts cannot build/ },
  {
    name: 'branch.json',
    text: JSON.stringify({
      class_name: 'Model',
      config: {
        layers: [
          { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 3] }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'a', config: { name: 'a', units: 2 }, inbound_nodes: [[['in', 0, 0, {}]]] },
          { class_name: 'Dense', name: 'b', config: { name: 'b', units: 2 }, inbound_nodes: [[['in', 0, 0, {}]]] },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['b', 0, 0]],
      },
    }),
    line: /^kerasts: branch\.json: layer 2 \("b"\) takes its input from in, not from a; kerasts reads a functional Model only when its layers form a chain/,
  },
  { name: 'cut.json', text: sequential(first).slice(0, 70), line: /^kerasts: cut\.json: line 1, column \d+: must be valid JSON/ },
  {
    name: 'huge.json',
    text: JSON.stringify({ class_name: 'Sequential', config: [first, ...Array.from({ length: 5000 }, (_, i) => ({ class_name: 'Activation', config: { name: `a${i}`, activation: 'relu' } }))] }),
    line: /^kerasts: huge\.json: the model has 5001 layers; kerasts reads at most 1000 \(MAX_KERAS_LAYERS\)\.$/,
  },
  {
    name: 'wide.json',
    text: JSON.stringify({ class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'big', units: 1e9, batch_input_shape: [null, 100000] } }] }),
    line: /^kerasts: wide\.json: layer "big" \(Dense\) brings the model to 100,001,000,000,000 weights; kerasts builds at most 536,870,912/,
  },
  { name: 'model.h5', text: Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]), line: /^kerasts: model\.h5: the Keras HDF5 file must be an HDF5 file as Keras writes it\. Received: .+ \(the HDF5 library's reason\)\.$/ },
];

test('bad Keras files are exit 2 with one line, and a Lambda\'s code is never run', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const { name, text, line } of BAD_INPUTS) {
    writeFileSync(join(dir, name), text);
    const result = runCli(['summary', name], { cwd: dir });
    assert.equal(result.status, 2, `${name}: ${result.stderr}`);
    assert.equal(result.stdout, '', name);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${name}: ${result.stderr}`);
    assert.match(lines[0]!, line, name);
  }
  assert.ok(!existsSync(join(dir, 'PWNED')), "the Lambda's Python was not run");
});

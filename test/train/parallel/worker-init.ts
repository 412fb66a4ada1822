// A WorkerInit for a tiny dense model, as ParallelTrainStep builds one, for driving one worker by hand.
import tf from '../../../src/util/tfjs.cjs';
import { offsets, type WorkerInit } from '../../../src/train/parallel/protocol.js';
import { workerBuffers } from '../../../src/train/parallel/worker-handle.js';

/** Dense 3 -> 2 softmax, compiled as kerasts compiles; its weights fixed so both sides agree. */
export function tinyModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  model.setWeights([tf.tensor2d([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [3, 2]), tf.tensor1d([0.05, -0.05])]);
  return model;
}

/** The init for `model`'s replica on the cpu backend, with its current weights published. */
export function initFor(model: tf.LayersModel, topology = JSON.stringify(model.toJSON(null, false))): WorkerInit {
  const all = model.weights;
  const layout = {
    shapes: all.map((w) => [...w.shape] as number[]),
    trainable: model.trainableWeights.map((w) => all.indexOf(w)),
    nonTrainable: model.nonTrainableWeights.map((w) => all.indexOf(w)),
  };
  const { starts, total } = offsets(layout.shapes);
  const weights = new SharedArrayBuffer(total * 4);
  const view = new Float32Array(weights);
  model.getWeights().forEach((w, i) => view.set(w.dataSync(), starts[i]));
  return {
    backend: 'cpu',
    topology,
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    layout,
    weights,
    buffers: workerBuffers(offsets(layout.shapes, layout.trainable).total, offsets(layout.shapes, layout.nonTrainable).total),
  };
}

/** A batch of `rows` samples for the tiny model. */
export function tinyBatch(rows: number): { x: Float32Array; y: Float32Array } {
  const x = Float32Array.from({ length: rows * 3 }, (_, i) => ((i * 7) % 5) / 4 - 0.5);
  const y = Float32Array.from({ length: rows * 2 }, (_, i) => (Math.floor(i / 2) % 2 === i % 2 ? 1 : 0));
  return { x, y };
}

/** The batch in shared buffers, as ParallelTrainStep hands it to the workers. */
export function sharedInputs(rows: number) {
  const { x, y } = tinyBatch(rows);
  const shared = { x: new SharedArrayBuffer(x.byteLength), y: new SharedArrayBuffer(y.byteLength), inputShape: [3], targetShape: [2] };
  new Float32Array(shared.x).set(x);
  new Float32Array(shared.y).set(y);
  return shared;
}

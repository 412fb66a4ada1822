import * as tf from '@tensorflow/tfjs';
tf.env().set('PROD', true);
await tf.setBackend('cpu');
const m = tf.sequential();
m.add(tf.layers.conv2d({ inputShape: [2, 6, 6], filters: 2, kernelSize: 3, padding: 'same', dataFormat: 'channelsFirst' }));
m.add(tf.layers.batchNormalization({ axis: 1 }));
m.add(tf.layers.flatten());
m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
try { console.log(await m.trainOnBatch(tf.ones([4, 2, 6, 6]), tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3))); } catch (e) { console.log('cpu:', (e as Error).message); }

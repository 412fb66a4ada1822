import tf from '../../util/tfjs.cjs';
import { pooling2d } from './pooling2d.js';

/** Keras `AveragePooling2D`. */
export const averagePooling2d = pooling2d('AveragePooling2D', 'average_pooling2d', (args) => tf.layers.averagePooling2d(args));

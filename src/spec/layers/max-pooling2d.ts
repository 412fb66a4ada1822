import tf from '../../util/tfjs.cjs';
import { pooling2d } from './pooling2d.js';

/** Keras `MaxPooling2D`. */
export const maxPooling2d = pooling2d('MaxPooling2D', 'max_pooling2d', (args) => tf.layers.maxPooling2d(args));

import type * as tf from '@tensorflow/tfjs';
import { loadModelFile } from '../io/file-io.js';
import { registerDecayOptimizers } from './decay.js';
import { registerKerasOptimizers } from './keras-adadelta.js';

/**
 * Loads a saved model (`model.json` beside its weights). kerasts's own optimizer classes are
 * registered first, because a checkpoint's training config names them.
 */
export async function loadModel(modelJsonPath: string): Promise<tf.LayersModel> {
  registerKerasOptimizers();
  registerDecayOptimizers();
  return loadModelFile(modelJsonPath);
}

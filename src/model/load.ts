import type * as tf from '@tensorflow/tfjs';
import { loadModelFile } from '../io/file-io.js';
import { registerSeededDropout } from '../spec/layers/dropout.js';
import { registerDecayOptimizers } from './decay.js';
import { registerKerasOptimizers } from './keras-adadelta.js';

/**
 * Loads a saved model (`model.json` beside its weights). kerasts's own optimizer classes are
 * registered first, because a checkpoint's training config names them, and so is its
 * Dropout, so a resumed or fine-tuned model draws the same kind of masks as a fresh one.
 */
export async function loadModel(modelJsonPath: string): Promise<tf.LayersModel> {
  registerKerasOptimizers();
  registerDecayOptimizers();
  registerSeededDropout();
  return loadModelFile(modelJsonPath);
}

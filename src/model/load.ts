import type * as tf from '@tensorflow/tfjs';
import { loadModelFile } from '../io/file-io.js';
import { registerLayerClasses } from '../spec/layers/registry.js';
import { registerDecayOptimizers } from './decay.js';
import { registerFusedAdam } from './fused-adam.js';
import { registerFusedRMSProp } from './fused-rmsprop.js';
import { registerKerasOptimizers } from './keras-adadelta.js';

/**
 * Loads a saved model (`model.json` beside its weights). kerasts's own optimizer classes are
 * registered first, because a checkpoint's training config names them, and so are its layer
 * classes (seeded Dropout, so a resumed or fine-tuned model draws the same kind of masks as a
 * fresh one; the fixed SeparableConv2D).
 */
export async function loadModel(modelJsonPath: string): Promise<tf.LayersModel> {
  registerKerasOptimizers();
  registerFusedRMSProp();
  registerFusedAdam();
  registerDecayOptimizers();
  registerLayerClasses();
  return loadModelFile(modelJsonPath);
}

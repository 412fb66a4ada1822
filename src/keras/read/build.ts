/**
 * The one builder every Keras reader's output goes through: the config translated to a Keras 2
 * Sequential topology, deserialized by tfjs-layers itself (which knows Keras 2 JSON), then the
 * weights set by layer name. The model keeps the data format it was saved with, so a
 * channels-first (Theano-ordered) model is built channels-first.
 */
import tf from '../../util/tfjs.cjs';
import { UserError } from '../../errors.js';
import { registerLayerClasses } from '../../spec/layers/registry.js';
import type { KerasFileModel } from './keras-file.js';
import { kerasTopology } from './topology.js';
import { checkKerasWeightBudget } from './weight-budget.js';
import { setKerasWeights } from './weights.js';

/** A tfjs-layers error as one line: its messages sometimes span lines. */
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();

/** Builds the model a Keras file describes, with its weights when the file has them. The caller disposes it. */
export async function modelFromKerasFile(file: KerasFileModel): Promise<tf.LayersModel> {
  if (file.config === undefined) {
    throw new UserError('holds weights only, no model config; give the model JSON it was saved from as well.', { code: 'KERAS_MODEL_INVALID', file: file.file });
  }
  const topology = kerasTopology(file.config, file.file);
  checkKerasWeightBudget(topology.layers, file.file);
  // As when loading a tfjs model: a fine-tuned Keras model draws kerasts's Dropout masks.
  registerLayerClasses();
  const modelTopology = { class_name: 'Sequential', config: { name: topology.name ?? 'sequential', layers: topology.layers } };
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology } as unknown as tf.io.ModelJSON);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`tfjs-layers cannot build this Keras model: ${oneLine(error)}`, { code: 'KERAS_MODEL_INVALID', file: file.file });
  }
  try {
    if (file.weights !== undefined) setKerasWeights(model, file.weights, file.weightsFile ?? file.file);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * The weights of a tfjs layers model, layer by layer, in the order Keras saves them: the
 * layers of `model.layers` (a Sequential model's implicit input layer left out, as Keras's
 * `Sequential.layers` leaves it out) and, within a layer, `layer.weights` (trainable first,
 * then non-trainable: kernel, bias; gamma, beta, moving_mean, moving_variance).
 */
import type * as tf from '@tensorflow/tfjs';
import { RuntimeFailure } from '../../errors.js';

export interface SavedWeight {
  /** The weight's own name inside its layer: `kernel`, `bias`, `moving_mean`. */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface SavedLayer {
  name: string;
  className: string;
  weights: SavedWeight[];
}

/** `conv2d_1/kernel` → `kernel`: tfjs scopes a variable's name with its layer's. */
function shortName(scoped: string): string {
  return scoped.slice(scoped.lastIndexOf('/') + 1);
}

/** The layers Keras would list in `layer_names`, each with its weights' values (float32). */
export function savedLayers(model: tf.LayersModel): SavedLayer[] {
  const sequential = model.getClassName() === 'Sequential';
  return model.layers
    .filter((layer) => !(sequential && layer.getClassName() === 'InputLayer'))
    .map((layer) => ({
      name: layer.name,
      className: layer.getClassName(),
      weights: layer.weights.map((variable) => {
        if (variable.dtype !== 'float32') {
          throw new RuntimeFailure(`Keras files hold float32 weights here; ${variable.name} is ${variable.dtype}.`);
        }
        const tensor = variable.read();
        return { name: shortName(variable.originalName), shape: [...tensor.shape], values: tensor.dataSync() as Float32Array };
      }),
    }));
}

/**
 * What every Keras file reader hands on, whatever the file was (Keras 1/2 JSON, an HDF5 full
 * model, a weights-only HDF5, a Keras 3 `.keras` archive): the model's Keras config as the file
 * had it, and its weights already in Keras 2 layout, so one builder turns any of them into a
 * tfjs-layers model. Readers of a file format live beside this file, one per format.
 */

/** One weight of one layer, in the layout Keras 2's loader gives it (kernels `(rows, cols, in, out)`). */
export interface KerasWeight {
  /** The layer's name in the config (`conv2d_1`). */
  layer: string;
  /** The weight's name as the file spells it (`conv2d_1/kernel:0`, `convolution2d_1_W`, `vars/0`), for messages. */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface KerasFileModel {
  /** The file a user named, for messages. */
  file: string;
  /**
   * The model's config as the file holds it: a Keras 1 list or `{class_name, config}` of
   * Keras 1, 2 or 3; undefined for a weights-only file.
   */
  config: unknown;
  /** The weights per layer, in the order the file lists layers and weights; undefined for a JSON file. */
  weights?: KerasWeight[];
  /** The `keras_version` the file records, if any (Keras 1 files record none). */
  kerasVersion?: string;
  /** The file the weights came from when not `file` (`--weights w.h5`), for messages about them. */
  weightsFile?: string;
  /** The `backend` the file records (`theano` kernels were flipped; a Keras 1 file records none). */
  backend?: string;
}

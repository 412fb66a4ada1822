import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The real Keras files of `../shared/keras-models/` (beside the repository; never copied
 * into it), or KERASTS_KERAS_MODELS when set. Undefined when absent: tests then skip with
 * `KERAS_MODELS_MISSING` as the visible reason.
 */
export const KERAS_MODELS_DIR: string | undefined = [process.env.KERASTS_KERAS_MODELS, resolve(import.meta.dirname, '../../../shared/keras-models'), '/work/shared/keras-models']
  .filter((dir): dir is string => dir !== undefined && dir !== '')
  .find((dir) => existsSync(join(dir, 'README.md')));

export const KERAS_MODELS_MISSING = 'the Keras model files (../shared/keras-models/, or KERASTS_KERAS_MODELS) are not here';

/** The path of one fixture, e.g. `keras1/dl4j_mnist_cnn_th_keras_1_config.json`; call only when KERAS_MODELS_DIR is set. */
export const kerasModel = (relative: string): string => join(KERAS_MODELS_DIR!, relative);

/**
 * Every JSON model in the folder with the parameter count its README gives, and the output
 * shape of the first layer (channels first for the Theano-ordered ones).
 */
export const KERAS_JSON_MODELS: ReadonlyArray<{ file: string; params: number; firstShape: string }> = [
  { file: 'keras1/dl4j_mnist_cnn_th_keras_1_config.json', params: 600_810, firstShape: '(None, 32, 26, 26)' },
  { file: 'keras1/dl4j_mnist_cnn_tf_keras_1_config.json', params: 600_810, firstShape: '(None, 26, 26, 32)' },
  { file: 'keras1/dl4j_mnist_mlp_th_keras_1_config.json', params: 669_706, firstShape: '(None, 512)' },
  { file: 'keras2/dl4j_mnist_cnn_tf_keras_2_config.json', params: 1_199_882, firstShape: '(None, 26, 26, 32)' },
  { file: 'keras2/dl4j_keras2_cnn_th_config.json', params: 64, firstShape: '(None, 2, 6, 7)' },
  { file: 'keras2/dl4j_keras2_mnist_cnn_tf_config.json', params: 600_810, firstShape: '(None, 26, 26, 32)' },
  { file: 'keras2/dl4j_model_2_2_4.json', params: 669_706, firstShape: '(None, 512)' },
  { file: 'tfjs-layers-fixtures/tfjs_models_test_fakeMnistModel.json', params: 1_199_882, firstShape: '(None, 26, 26, 32)' },
  { file: 'tfjs-layers-fixtures/tfjs_models_test_fakeNonSequentialModel.json', params: 1_199_882, firstShape: '(None, 26, 26, 32)' },
  { file: 'tfjs-layers-fixtures/tfjs_models_test_fakeSequentialModelFromHDF5.json', params: 25, firstShape: '(None, 2)' },
];

/**
 * Defaults of the experiment spec, defined once so the schema, `--help`, README and
 * comments agree. Values follow the classic Keras `mnist_cnn.py` example.
 */
export const DEFAULT_EPOCHS = 12;
export const DEFAULT_BATCH_SIZE = 128;
export const DEFAULT_SHUFFLE = true;

export const DEFAULT_OPTIMIZER = 'adadelta';
export const DEFAULT_LOSS = 'categorical_crossentropy';
export const DEFAULT_METRICS: readonly string[] = ['accuracy'];

/**
 * Per-optimizer defaults, as Keras 2 documents them. Epsilon is not here: as Keras's
 * optimizers take `K.epsilon()`, ours take the `epsilon` setting.
 */
export const OPTIMIZER_DEFAULTS = {
  // The classic example's Adadelta: learning rate 1.0, rho 0.95.
  adadelta: { learning_rate: 1.0, rho: 0.95 },
  adam: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999 },
  sgd: { learning_rate: 0.01, momentum: 0, nesterov: false },
  rmsprop: { learning_rate: 0.001, rho: 0.9, momentum: 0 },
} as const;

export type OptimizerName = keyof typeof OPTIMIZER_DEFAULTS;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZER_DEFAULTS) as [OptimizerName, ...OptimizerName[]];

/** Each optimizer's Keras class name, for messages (not the tfjs class behind it). */
export const OPTIMIZER_CLASS_NAMES: Record<OptimizerName, string> = { adadelta: 'Adadelta', adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' };

/** Keras loss names accepted in `compile.loss` (aliases included). */
export const LOSS_NAMES = [
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_crossentropy',
  'mean_squared_error',
  'mse',
  'mean_absolute_error',
  'mae',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export const METRIC_NAMES = ['accuracy', 'acc'] as const;

/** Callback defaults, as in Keras 2's `EarlyStopping` / `ModelCheckpoint`. */
export const DEFAULT_MONITOR = 'val_loss';
export const DEFAULT_MIN_DELTA = 0;
export const DEFAULT_PATIENCE = 0;
export const DEFAULT_TERMINATE_ON_NAN = true;
export const MONITOR_MODES = ['auto', 'min', 'max'] as const;

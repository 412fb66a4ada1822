import { z } from 'zod';
import { SPEC_DATASET_NAMES as DATASET_NAMES } from './dataset-shapes.js';
import { augmentationSchema, DIRECTORY_ONLY_FIELDS, directoryFields } from './image-options.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_EPOCHS,
  DEFAULT_LOSS,
  DEFAULT_METRICS,
  DEFAULT_MIN_DELTA,
  DEFAULT_MONITOR,
  DEFAULT_OPTIMIZER,
  DEFAULT_PATIENCE,
  DEFAULT_SHUFFLE,
  DEFAULT_TERMINATE_ON_NAN,
  LOSS_NAMES,
  METRIC_NAMES,
  MONITOR_MODES,
  OPTIMIZER_NAMES,
  type OptimizerName,
} from './defaults.js';
import { layerSchema, positiveInt } from './layers.js';

/**
 * The experiment spec given to `kerasts train` / `kerasts summary`, after Keras 1
 * spellings and the flat layer form have been translated (see `keras1.ts`). Every object
 * is strict: an unknown key is an error, not silently ignored. The parsed value is itself
 * a valid spec, so it can be written to a run directory and loaded again.
 */

/** Where `fit.validation_data` may point: the dataset's test split. */
export const VALIDATION_DATA_TEST = 'test';

const SPLIT = 'must be a number in [0, 1)';
const split = () => z.number({ message: SPLIT }).min(0, { message: SPLIT }).lt(1, { message: SPLIT });

const datasetObject = z.strictObject({
  name: z.enum(DATASET_NAMES, { message: `must be one of ${DATASET_NAMES.join(', ')}` }),
  /** Directory (or file prefix) of the dataset files; overrides the cache and download. */
  path: z.string().min(1).optional(),
  /** Use only the first `limit` training samples (for quick runs and tests). */
  limit: positiveInt().optional(),
  validation_split: split().optional(),
  ...directoryFields,
}).superRefine((value, ctx) => {
  if (value.name === 'directory' && value.path === undefined) {
    ctx.addIssue({ code: 'custom', path: ['path'], message: 'is required for the directory dataset (a folder with one subfolder of images per class)', input: value });
  }
  for (const key of DIRECTORY_ONLY_FIELDS) {
    if (value.name !== 'directory' && value[key] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `applies only to the directory dataset. Received: dataset "${value.name}"`, input: value });
    }
  }
});

export const datasetSchema = z
  .union([z.enum(DATASET_NAMES), datasetObject], {
    message: `must be one of ${DATASET_NAMES.join(', ')}, or an object with a "name"`,
  })
  .transform((value) => (typeof value === 'string' ? { name: value } : value));

export const modelLayersSchema = z.strictObject({
  layers: z.array(layerSchema, { message: 'must be a list of layers' }).min(1, { message: 'must list at least one layer' }),
});

/** `model`: a list of layers, or the path of a tfjs `model.json`. */
export const modelSchema = z.union([modelLayersSchema, z.string().min(1)], {
  message: 'must be an object with "layers", or the path of a model.json',
});

const NUMBER = 'must be a number';
const optimizerConfig = z.strictObject({
  learning_rate: z.number({ message: NUMBER }).positive({ message: 'must be a positive number' }).optional(),
  /** Keras 1 spelling of learning_rate. */
  lr: z.number({ message: NUMBER }).positive({ message: 'must be a positive number' }).optional(),
  rho: z.number({ message: NUMBER }).optional(),
  momentum: z.number({ message: NUMBER }).min(0, { message: 'must be a number >= 0' }).optional(),
  beta_1: z.number({ message: NUMBER }).optional(),
  beta_2: z.number({ message: NUMBER }).optional(),
  epsilon: z.number({ message: NUMBER }).positive({ message: 'must be a positive number' }).optional(),
  nesterov: z.boolean({ message: 'must be true or false' }).optional(),
  /** Keras 2's per-update learning-rate decay: lr / (1 + decay * iterations). */
  decay: z.number({ message: NUMBER }).min(0, { message: 'must be a number >= 0' }).optional(),
});

// Keras accepts 'adadelta' and the class name 'Adadelta'; any case is taken.
const optimizerName = z
  .string({ message: `must be one of ${OPTIMIZER_NAMES.join(', ')}` })
  .transform((name) => name.toLowerCase())
  .pipe(z.enum(OPTIMIZER_NAMES, { message: `must be one of ${OPTIMIZER_NAMES.join(', ')}` }));

const optimizerObject = z.strictObject({
  class_name: optimizerName.optional(),
  name: optimizerName.optional(),
  config: optimizerConfig.prefault({}),
});

/** An optimizer after normalisation: its name and its config, with `lr` read as `learning_rate`. */
export interface OptimizerSpec {
  name: OptimizerName;
  config: Omit<z.infer<typeof optimizerConfig>, 'lr'>;
}

/** Normalised to `{ name, config }`; `lr` becomes `learning_rate`. */
export const optimizerSchema = z
  .union([optimizerName, optimizerObject], { message: `must be one of ${OPTIMIZER_NAMES.join(', ')}, or { "class_name", "config" }` })
  .transform((value, ctx): OptimizerSpec => {
    if (typeof value === 'string') return { name: value, config: {} };
    const name = value.class_name ?? value.name;
    if (name === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs a "class_name" (e.g. "Adadelta")', input: value });
      return z.NEVER;
    }
    const { lr, ...config } = value.config;
    return { name, config: { ...config, learning_rate: config.learning_rate ?? lr } };
  });

export const compileSchema = z.strictObject({
  optimizer: optimizerSchema.default({ name: DEFAULT_OPTIMIZER, config: {} }),
  loss: z.enum(LOSS_NAMES, { message: `must be one of ${LOSS_NAMES.join(', ')}` }).default(DEFAULT_LOSS),
  metrics: z
    .array(z.enum(METRIC_NAMES, { message: `must be one of ${METRIC_NAMES.join(', ')}` }))
    .default([...DEFAULT_METRICS] as (typeof METRIC_NAMES)[number][]),
});

export const fitSchema = z.strictObject({
  epochs: positiveInt().default(DEFAULT_EPOCHS),
  batch_size: positiveInt().default(DEFAULT_BATCH_SIZE),
  validation_split: split().optional(),
  /** `"test"`: validate on the test set after each epoch, as mnist_cnn.py's `validation_data=(X_test, Y_test)`. */
  validation_data: z.literal(VALIDATION_DATA_TEST, { message: `must be "${VALIDATION_DATA_TEST}" (validate on the test set after each epoch)` }).optional(),
  shuffle: z.boolean({ message: 'must be true or false' }).default(DEFAULT_SHUFFLE),
  seed: z.number({ message: 'must be a non-negative integer' }).int().nonnegative().optional(),
  verbose: z.union([z.literal(0), z.literal(1), z.literal(2)], { message: 'must be 0, 1 or 2' }).optional(),
  augmentation: augmentationSchema.optional(),
});

const mode = z.enum(MONITOR_MODES, { message: `must be one of ${MONITOR_MODES.join(', ')}` }).default('auto');

export const callbacksSchema = z.strictObject({
  early_stopping: z
    .strictObject({
      monitor: z.string().min(1).default(DEFAULT_MONITOR),
      min_delta: z.number({ message: 'must be a non-negative number' }).nonnegative().default(DEFAULT_MIN_DELTA),
      patience: z.number({ message: 'must be a non-negative integer' }).int().nonnegative().default(DEFAULT_PATIENCE),
      mode,
      restore_best_weights: z.boolean().default(false),
    })
    .optional(),
  model_checkpoint: z
    .strictObject({
      monitor: z.string().min(1).default(DEFAULT_MONITOR),
      save_best_only: z.boolean().default(false),
      mode,
    })
    .optional(),
  terminate_on_nan: z.boolean({ message: 'must be true or false' }).default(DEFAULT_TERMINATE_ON_NAN),
});

const RUN_NAME = 'must be one folder name (letters, digits, "." "_" "-" and spaces; at most 100 characters; not "." or "..")';
/** The run directory is `runs/<name>-<time>`, so a name with a separator or ".." would write outside `runs/`. */
const runNameSchema = z
  .string({ message: RUN_NAME })
  .regex(/^[\p{L}\p{N}._ -]{1,100}$/u, { message: RUN_NAME })
  .refine((name) => name !== '.' && name !== '..', { message: RUN_NAME });

export const experimentSpecSchema = z.strictObject({
  /** Run name; the run directory is `runs/<name>-<date-time>/` unless `output.dir` or `--out` says otherwise. */
  name: runNameSchema.optional(),
  dataset: datasetSchema,
  model: modelSchema,
  compile: compileSchema.prefault({}),
  fit: fitSchema.prefault({}),
  callbacks: callbacksSchema.prefault({}),
  output: z.strictObject({ dir: z.string().min(1).optional() }).optional(),
}).superRefine((spec, ctx) => {
  // Keras lets validation_data silently override validation_split; a spec asking for both is a mistake.
  const split = spec.fit.validation_split !== undefined ? 'fit.validation_split' : typeof spec.dataset.validation_split === 'number' ? 'dataset.validation_split' : undefined;
  if (spec.fit.validation_data !== undefined && split !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['fit', 'validation_data'], message: `must not be given with ${split}: validate on the test set or on a split of the training set, not both`, input: spec.fit.validation_data });
  }
});

export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;
export type DatasetSpec = ExperimentSpec['dataset'];
export type ModelSpec = z.infer<typeof modelLayersSchema>;
export type CompileSpec = ExperimentSpec['compile'];
export type FitSpec = ExperimentSpec['fit'];
export type CallbacksSpec = ExperimentSpec['callbacks'];

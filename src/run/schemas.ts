/**
 * The shape of every JSON file in a run directory, as zod schemas; the TypeScript types are
 * inferred from them, so a writer and its reader cannot drift apart.
 */
import { z } from 'zod';
import { settingsSchema } from '../settings/schema.js';

/** JSON has no NaN: `JSON.stringify` writes it as null, so null reads back as NaN. */
const jsonNumber = z.union([z.number(), z.null().transform(() => Number.NaN)]);
const count = z.number().int().nonnegative();

/** Why training ended. */
export const STOP_REASONS = ['completed', 'early_stopping', 'interrupted', 'nan'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** One row of `history.csv` (and of the checkpoint's history): the epoch (1-based, as Keras prints it) and its logs. */
export const epochRecordSchema = z.object({
  epoch: z.number().int().positive(),
  logs: z.record(z.string(), jsonNumber),
  seconds: z.number().nonnegative(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

/** Where the data came from (the full set or the npm sample standing in for it) and how it was split. */
export const datasetSummarySchema = z.object({
  name: z.string(),
  source: z.string(),
  kind: z.enum(['full', 'sample']),
  train: count,
  validation: count,
  test: count,
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** `metrics.json`: the finished run's test figures and throughput. */
export const metricsSchema = z.object({
  test_loss: jsonNumber,
  test_accuracy: jsonNumber.optional(),
  images_per_second: z.number(),
  seconds_per_epoch: z.number(),
  backend: z.string(),
  workers: z.number().int().positive(),
  epochs: count,
  stop_reason: z.enum(STOP_REASONS),
  dataset: datasetSummarySchema,
});
export type RunMetrics = z.infer<typeof metricsSchema>;

/**
 * What `kerasts train` was asked besides the spec: the spec file, the overriding flags that were
 * given (only those), and the gradient workers used. `--resume` continues with exactly these.
 */
export const trainRecordSchema = z.object({
  spec_file: z.string(),
  flags: z.object({
    epochs: count.optional(),
    batch_size: count.optional(),
    limit: count.optional(),
    /** Absolute, so a resume from another folder finds the same data. */
    data: z.string().optional(),
    seed: count.optional(),
    skip_bad_images: z.boolean().optional(),
  }),
  workers: z.number().int().positive(),
});
export type TrainRecord = z.infer<typeof trainRecordSchema>;

/** `settings.json`: the resolved settings, where each came from, the backend really used, and the train command's record. */
export const runSettingsSchema = z.object({
  settings: settingsSchema,
  sources: z.record(z.string(), z.string()),
  backend: z.string(),
  /** Absent in runs made before it was recorded. */
  train: trainRecordSchema.optional(),
});
export type RunSettings = z.infer<typeof runSettingsSchema>;

/** `classes.json`: the class names in label order. */
export const classNamesSchema = z.array(z.string().min(1)).min(1);

/**
 * `checkpoint.json`: which complete checkpoint folder is current. Rewriting this one small file
 * (atomically) is the single step that replaces the whole checkpoint.
 */
export const checkpointPointerSchema = z.object({
  folder: z.string().regex(/^checkpoint-\d+$/, { message: 'must name a checkpoint-<epoch> folder' }),
  epoch: count,
});
export type CheckpointPointer = z.infer<typeof checkpointPointerSchema>;

/**
 * `checkpoint-<epoch>/state.json`: training state saved beside the checkpoint model so `--resume`
 * continues where it stopped. `callbacks` maps each callback's name to its own state, which
 * the callback validates itself when it is restored.
 */
export const checkpointStateSchema = z.object({
  /** Epochs completed (the checkpoint's weights are those after this epoch). */
  epoch: count,
  history: z.array(epochRecordSchema),
  seed: count,
  callbacks: z.record(z.string(), z.unknown()).default({}),
});
export type CheckpointState = z.infer<typeof checkpointStateSchema>;

/** Checkpoints written before callbacks had names kept their state under these keys. */
const LEGACY_CALLBACK_KEYS: Record<string, string> = { earlyStopping: 'early_stopping', modelCheckpoint: 'model_checkpoint' };

/** Moves a legacy checkpoint's callback state under `callbacks`, so old runs still resume. */
export function upgradeCheckpointState(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || 'callbacks' in raw) return raw;
  const { ...state } = raw as Record<string, unknown>;
  const callbacks: Record<string, unknown> = {};
  for (const [legacy, name] of Object.entries(LEGACY_CALLBACK_KEYS)) {
    if (state[legacy] !== undefined) callbacks[name] = state[legacy];
    delete state[legacy];
  }
  return { ...state, callbacks };
}

import { z } from 'zod';
import { mirrorUrlProblem } from '../util/mirror-url.js';
import { BACKEND_NAMES, IMAGE_DATA_FORMATS, IMAGE_DIM_ORDERINGS } from './constants.js';

const mirrorUrl = z.string({ message: 'must be an http:// or https:// URL' }).superRefine((value, context) => {
  const problem = mirrorUrlProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

/**
 * One settings file as written (`~/.kerasts.json`, the keras.json analogue). Every key is
 * optional in a file; missing ones come from lower-precedence sources.
 */
export const settingsFileSchema = z
  .object({
    image_dim_ordering: z.enum(IMAGE_DIM_ORDERINGS, { message: 'must be "tf" (rows, cols, channels) or "th" (channels, rows, cols)' }),
    image_data_format: z.enum(Object.keys(IMAGE_DATA_FORMATS) as [keyof typeof IMAGE_DATA_FORMATS], {
      message: 'must be "channels_last" or "channels_first"',
    }),
    backend: z.enum(BACKEND_NAMES, { message: `must be one of ${BACKEND_NAMES.join(', ')}` }),
    // tfjs trains in float32 only; Keras's float16/float64 are refused rather than ignored.
    floatx: z.literal('float32', { message: 'must be "float32" (the only float type tfjs trains in)' }),
    epsilon: z.number({ message: 'must be a number' }).positive({ message: 'must be a positive number' }),
    dataset_mirrors: z.record(z.string(), mirrorUrl),
  })
  .partial()
  .strict();

export type SettingsFile = z.infer<typeof settingsFileSchema>;

/** Resolved settings: every value present, one vocabulary (`image_dim_ordering` only). */
export const settingsSchema = z.object({
  image_dim_ordering: z.enum(IMAGE_DIM_ORDERINGS),
  backend: z.enum(BACKEND_NAMES),
  floatx: z.literal('float32'),
  epsilon: z.number().positive(),
  dataset_mirrors: z.record(z.string(), z.string()),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[];

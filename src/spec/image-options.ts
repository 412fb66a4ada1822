import { z } from 'zod';
import { COLOR_MODES, FILL_MODES, INTERPOLATIONS } from '../data/images/options.js';
import { positiveInt } from './layers.js';

const BOOL = 'must be true or false';
const nonNegative = (message = 'must be a number >= 0') => z.number({ message }).min(0, { message });

/** Fields of `dataset` read by the `directory` dataset (Keras's `image_dataset_from_directory`). */
export const directoryFields = {
  /** (height, width) every image is resized to. */
  image_size: z.tuple([positiveInt(), positiveInt()], { message: 'must be [height, width], two positive integers' }).optional(),
  color_mode: z.enum(COLOR_MODES, { message: `must be one of ${COLOR_MODES.join(', ')}` }).optional(),
  interpolation: z.enum(INTERPOLATIONS, { message: `must be one of ${INTERPOLATIONS.join(', ')}` }).optional(),
  /** A second class-folder tree, with the same classes, used as the test split. */
  test_path: z.string().min(1).optional(),
  /** Seed of the shuffle before `validation_split`, as Keras's `seed`. */
  seed: z.number({ message: 'must be a non-negative integer' }).int().nonnegative().optional(),
  skip_bad_images: z.boolean({ message: BOOL }).optional(),
};

/** Names of the fields above, refused for datasets other than `directory`. */
export const DIRECTORY_ONLY_FIELDS = ['image_size', 'color_mode', 'interpolation', 'test_path', 'seed', 'skip_bad_images'] as const;

const FRACTION = 'must be a number in [0, 1)';
const fraction = () => z.number({ message: FRACTION }).min(0, { message: FRACTION }).lt(1, { message: FRACTION });

/** `fit.augmentation`: Keras's `ImageDataGenerator` geometric arguments, applied to training batches. */
export const augmentationSchema = z.strictObject({
  width_shift_range: fraction().optional(),
  height_shift_range: fraction().optional(),
  horizontal_flip: z.boolean({ message: BOOL }).optional(),
  vertical_flip: z.boolean({ message: BOOL }).optional(),
  rotation_range: nonNegative('must be a number of degrees in [0, 180]').max(180, { message: 'must be a number of degrees in [0, 180]' }).optional(),
  zoom_range: z
    .union([fraction(), z.tuple([z.number().positive(), z.number().positive()])], { message: 'must be a number in [0, 1) or [lower, upper] positive zoom factors' })
    .optional(),
  fill_mode: z.enum(FILL_MODES, { message: `must be one of ${FILL_MODES.join(', ')}` }).optional(),
  cval: z.number({ message: 'must be a number' }).optional(),
});

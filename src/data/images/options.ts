/** Options of the `directory` dataset and of augmentation, as the data layer sees them (Keras names). */

/** Keras's `image_dataset_from_directory` default `image_size`. */
export const DEFAULT_IMAGE_SIZE: readonly [number, number] = [256, 256];
/** Keras's default `color_mode`. */
export const DEFAULT_COLOR_MODE = 'rgb';
export const COLOR_MODES = ['grayscale', 'rgb'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
export const INTERPOLATIONS = ['bilinear', 'nearest'] as const;
export type Interpolation = (typeof INTERPOLATIONS)[number];
/** Keras's default `seed` is random; kerasts fixes one so a re-run splits the same way. */
export const DEFAULT_DIRECTORY_SEED = 1337;
/** File name endings read as images (case-insensitive), as Keras's `ALLOWLIST_FORMATS` less bmp/gif. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

/** The `directory` dataset's fields of a spec, after validation. */
export interface DirectoryOptions {
  path: string;
  image_size?: [number, number];
  color_mode?: ColorMode;
  interpolation?: Interpolation;
  test_path?: string;
  seed?: number;
  validation_split?: number;
  skip_bad_images?: boolean;
}

export const FILL_MODES = ['nearest', 'constant', 'reflect', 'wrap'] as const;
export type FillMode = (typeof FILL_MODES)[number];

/** `fit.augmentation`, Keras's `ImageDataGenerator` arguments (the geometric ones). */
export interface AugmentationOptions {
  width_shift_range?: number;
  height_shift_range?: number;
  horizontal_flip?: boolean;
  vertical_flip?: boolean;
  rotation_range?: number;
  zoom_range?: number | [number, number];
  fill_mode?: FillMode;
  cval?: number;
}

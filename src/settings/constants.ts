/** Values shared by the settings schema, `--help` and the README, defined once. */
export const BACKEND_NAMES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const IMAGE_DIM_ORDERINGS = ['tf', 'th'] as const;
export type ImageDimOrdering = (typeof IMAGE_DIM_ORDERINGS)[number];

/** Keras 2 spelling of the same setting. */
export const IMAGE_DATA_FORMATS = { channels_last: 'tf', channels_first: 'th' } as const;

export const DEFAULT_SETTINGS = {
  image_dim_ordering: 'tf',
  backend: 'auto',
  floatx: 'float32',
  epsilon: 1e-7,
} as const;

/** Name of the per-user settings file in the home directory, as `~/.keras/keras.json` is for Keras. */
export const USER_SETTINGS_FILE = '.kerasts.json';

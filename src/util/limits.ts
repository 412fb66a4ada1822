/**
 * Resource limits on what one input may make kerasts do. Each keeps a hostile or damaged
 * file (or flag) from taking the whole machine; the README's "Limits" paragraph lists them
 * from here, and every message that enforces one names its value.
 */

import { totalmem } from 'node:os';

const MiB = 1024 * 1024;

/**
 * Largest JSON file read (specs, settings, model.json, a run's spec.json / settings.json).
 * A Keras model's topology is a few hundred KB; weights live in the binary files beside it.
 */
export const MAX_JSON_BYTES = 64 * MiB;

/**
 * Deepest nesting of objects and arrays in a JSON file. A Keras topology nests about ten
 * levels; parsers recurse per level, so 10,000 levels would overflow the stack.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Most pixels (width x height) of an image given to `predict` or in a directory dataset,
 * checked from the file's header before decoding: 8192 x 8192, above any camera's photo.
 * libvips decodes it streaming, about 200 MB of RGB at most.
 */
export const MAX_IMAGE_PIXELS = 8192 * 8192;

/** Largest image file read: a PNG of MAX_IMAGE_PIXELS, compressed, with room to spare. */
export const MAX_IMAGE_BYTES = 128 * MiB;

/**
 * Most gradient worker threads, whatever the core count: each holds a replica of the model
 * and a backend instance, so past the cores they only compete for them.
 */
export const MAX_WORKERS = 64;

/**
 * Largest split (its images as uint8) held in memory, as float32 (4 bytes a value), for
 * training; a larger directory-dataset split is read from the decode cache batch by batch.
 * A sixteenth of the RAM (a quarter of it as float32); KERASTS_MAX_IN_MEMORY_BYTES (bytes)
 * sets another limit, which the tests use to stream small sets.
 */
export function maxInMemoryBytes(env: NodeJS.ProcessEnv = process.env, totalMemory = totalmem()): number {
  const given = env.KERASTS_MAX_IN_MEMORY_BYTES;
  if (given !== undefined && given !== '') {
    const value = Number(given);
    if (Number.isFinite(value) && value >= 0) return Math.floor(value);
  }
  return Math.floor(totalMemory / 16);
}

/**
 * Largest total size of a model file's weights, from its manifest, before any weight file is
 * read: 2 GiB, 500 million float32 parameters (mnist_cnn has 600,810).
 */
export const MAX_WEIGHT_BYTES = 2 * 1024 * MiB;

/**
 * Most pixels (width x height) of a PNG rendered from an SVG (`plot --dpi`, charts, the
 * report's pictures), checked before rendering: 8192 x 8192, 256 MB of RGBA at most.
 */
export const MAX_RENDER_PIXELS = 8192 * 8192;

/**
 * Most layers `plot` lays out: Graphviz's dot layout grows faster than linearly, and the
 * largest Keras application models have about 800 layers.
 */
export const MAX_DIAGRAM_LAYERS = 5000;

/**
 * Largest Keras HDF5 file or `.keras` archive read. The whole file is held in memory (h5wasm
 * opens it from its in-memory file system), so this bounds memory; VGG16's .h5 is 528 MiB.
 */
export const MAX_KERAS_FILE_BYTES = 1024 * MiB;

/**
 * Most layers in a Keras model read. A classic CNN has ten or twenty; a file claiming
 * millions would take minutes to build before failing elsewhere.
 */
export const MAX_KERAS_LAYERS = 1000;

/**
 * Most elements of one weight dataset, and of all of a file's weights together, checked from
 * the HDF5 dataset's shape before its data is read (MAX_WEIGHT_BYTES of float32).
 */
export const MAX_KERAS_WEIGHT_ELEMENTS = MAX_WEIGHT_BYTES / 4;

/** Most entries in a `.keras` zip (Keras writes three); checked from the zip's directory. */
export const MAX_KERAS_ARCHIVE_ENTRIES = 1000;

/**
 * Most runs `plot-history` draws on one set of axes: vega's default colour scheme has 10
 * colours, past which two runs would share a colour and the legend could not tell them apart.
 */
export const MAX_HISTORY_RUNS = 10;

/**
 * Largest total uncompressed size of a `.keras` zip's entries, from its central directory,
 * before any is inflated: a zip bomb of a few KB claiming gigabytes is refused unread.
 */
export const MAX_KERAS_ARCHIVE_BYTES = 1024 * MiB;

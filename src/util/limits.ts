/**
 * Resource limits on what one input may make kerasts do. Each keeps a hostile or damaged
 * file (or flag) from taking the whole machine; the README's "Limits" paragraph lists them
 * from here, and every message that enforces one names its value.
 */

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
 * Most pixels (width x height) of an image given to `predict`, checked from the PNG header
 * before decoding: 4096 x 4096. Decoding and converting one such image takes ~0.5 GB.
 */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Largest image file read by `predict`: a PNG of MAX_IMAGE_PIXELS, uncompressed RGBA, with room to spare. */
export const MAX_IMAGE_BYTES = 128 * MiB;

/**
 * Most gradient worker threads, whatever the core count: each holds a replica of the model
 * and a backend instance, so past the cores they only compete for them.
 */
export const MAX_WORKERS = 64;

/**
 * Largest total size of a model file's weights, from its manifest, before any weight file is
 * read: 2 GiB, 500 million float32 parameters (mnist_cnn has 600,810).
 */
export const MAX_WEIGHT_BYTES = 2 * 1024 * MiB;

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { augmentationSchema, DIRECTORY_ONLY_FIELDS, directoryFields } from '../../src/spec/image-options.js';

const messageOf = (schema: z.ZodType, value: unknown): string | undefined => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
};

test('the directory-only field list names exactly the directory fields', () => {
  assert.deepEqual([...DIRECTORY_ONLY_FIELDS].sort(), Object.keys(directoryFields).sort());
});

test('directory fields take Keras image_dataset_from_directory values and refuse others with the key', () => {
  const schema = z.strictObject(directoryFields);
  assert.deepEqual(schema.parse({ image_size: [32, 48], color_mode: 'grayscale', interpolation: 'nearest', seed: 0, skip_bad_images: true }), {
    image_size: [32, 48],
    color_mode: 'grayscale',
    interpolation: 'nearest',
    seed: 0,
    skip_bad_images: true,
  });
  assert.match(messageOf(schema, { image_size: [32] })!, /^image_size: /);
  assert.equal(messageOf(schema, { image_size: 32 }), 'image_size: must be [height, width], two positive integers');
  assert.equal(messageOf(schema, { color_mode: 'rgba' }), 'color_mode: must be one of grayscale, rgb');
  assert.equal(messageOf(schema, { interpolation: 'bicubic' }), 'interpolation: must be one of bilinear, nearest');
  assert.equal(messageOf(schema, { seed: -1 }) !== undefined, true);
  assert.equal(messageOf(schema, { test_path: '' }) !== undefined, true);
});

test('augmentation ranges: shifts and zoom fractions in [0, 1), rotation in degrees up to 180, zoom as a pair', () => {
  assert.equal(messageOf(augmentationSchema, { width_shift_range: 0.1, height_shift_range: 0, rotation_range: 180, zoom_range: [0.9, 1.2], fill_mode: 'reflect', cval: 0.5 }), undefined);
  assert.equal(messageOf(augmentationSchema, { width_shift_range: 1 }), 'width_shift_range: must be a number in [0, 1)');
  assert.equal(messageOf(augmentationSchema, { rotation_range: 181 }), 'rotation_range: must be a number of degrees in [0, 180]');
  assert.equal(messageOf(augmentationSchema, { rotation_range: -1 }), 'rotation_range: must be a number of degrees in [0, 180]');
  assert.equal(messageOf(augmentationSchema, { zoom_range: 'wide' }), 'zoom_range: must be a number in [0, 1) or [lower, upper] positive zoom factors');
  assert.match(messageOf(augmentationSchema, { zoom_range: [0, 1] })!, /^zoom_range\.0: /, 'a zero zoom factor is refused at its index');
  assert.equal(messageOf(augmentationSchema, { fill_mode: 'mirror' }), 'fill_mode: must be one of nearest, constant, reflect, wrap');
  assert.match(messageOf(augmentationSchema, { shear_range: 0.2 })!, /shear_range/, 'strict: unknown keys refused');
});

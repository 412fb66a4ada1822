import { writeFileSync } from 'node:fs';
import { buildH5, setStringListAttribute, writeFloat32Dataset } from '../../src/keras/write/h5-bytes.js';

/** A Keras 1 model JSON of one Dense layer `d` (4 → 3), as `to_json()` writes it. */
export const KERAS1_DENSE = { class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'd', output_dim: 3, batch_input_shape: [null, 4] } }] };

/** Writes a Keras 1 `save_weights` file for {@link KERAS1_DENSE}: kernel 0, 1, …, 11 (shape [4, 3]) and bias 100, 101, 102. */
export async function writeDenseWeights(path: string, kernelShape: number[] = [4, 3]): Promise<void> {
  writeFileSync(path, await buildH5((file) => {
    setStringListAttribute(file, 'layer_names', ['d']);
    const dense = file.create_group('d');
    setStringListAttribute(dense, 'weight_names', ['d_W', 'd_b']);
    writeFloat32Dataset(dense, 'd_W', kernelShape, Float32Array.from({ length: 12 }, (_, i) => i));
    writeFloat32Dataset(dense, 'd_b', [3], Float32Array.from([100, 101, 102]));
  }));
}

/**
 * HDF5 files built with h5wasm, handed back as bytes. h5wasm's Node build writes straight to
 * the real file system; the file is built in a private temporary folder and read back, so the
 * caller can write it (or zip it) atomically where it belongs and a failure half-way leaves
 * nothing behind.
 */
import type h5wasmNode from 'h5wasm/node';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type H5File = InstanceType<typeof h5wasmNode.File>;
export type H5Group = ReturnType<H5File['create_group']>;

/** Runs `fill` on a new, empty HDF5 file and returns the file's bytes once it is closed. */
export async function buildH5(fill: (file: H5File) => void): Promise<Uint8Array> {
  // Loaded on first use: only the commands that write Keras files need HDF5.
  const { default: h5wasm } = await import('h5wasm/node');
  await h5wasm.ready;
  const dir = await fs.mkdtemp(join(tmpdir(), 'kerasts-h5-'));
  try {
    const path = join(dir, 'file.h5');
    const file = new h5wasm.File(path, 'w');
    try {
      fill(file);
    } finally {
      file.close();
    }
    return new Uint8Array(await fs.readFile(path));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A scalar variable-length ASCII string attribute, as h5py stores a Python `bytes` value. */
export function setStringAttribute(node: H5Group, name: string, value: string): void {
  node.create_attribute(name, value, null, 'A');
}

/**
 * A 1-D attribute of fixed-length ASCII strings (numpy `S<n>`), as h5py stores a list of
 * `bytes`; an empty list is an empty float64 array, as numpy makes of `np.asarray([])`.
 */
export function setStringListAttribute(node: H5Group, name: string, values: string[]): void {
  if (values.length === 0) {
    node.create_attribute(name, new Float64Array(0), [0], '<d');
    return;
  }
  const width = Math.max(...values.map((value) => Buffer.byteLength(value, 'ascii')));
  node.create_attribute(name, values, [values.length], `A${width}`);
}

/** A float32 dataset at `path` below `group`, creating the groups the path passes through. */
export function writeFloat32Dataset(group: H5Group, path: string, shape: number[], values: Float32Array): void {
  const parts = path.split('/');
  const name = parts.pop()!;
  let parent = group;
  for (const part of parts) parent = parent.keys().includes(part) ? (parent.get(part) as H5Group) : parent.create_group(part);
  parent.create_dataset({ name, data: values, shape, dtype: '<f4' });
}

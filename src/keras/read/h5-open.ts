/**
 * Reading HDF5 bytes already in memory with h5wasm's in-memory build: the bytes go into its
 * virtual file system under a private name, are opened read-only, and removed afterwards.
 * HDF5's own errors are made to throw (instead of printing and aborting) and come out as one
 * UserError naming the file, so a damaged or foreign file is bad input, not a crash.
 */
import h5wasm, { FS } from 'h5wasm';
import { UserError } from '../../errors.js';

export type H5Group = InstanceType<typeof h5wasm.Group>;
export type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

let ready: Promise<void> | undefined;
let serial = 0;

function init(): Promise<void> {
  ready ??= h5wasm.ready.then((module) => {
    module.activate_throwing_error_handler();
  });
  return ready;
}

/** HDF5's error stack, shortened to its last "minor" reason: "Not an HDF5 file", "File has been truncated". */
export function hdf5Reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const minors = [...message.matchAll(/minor:\s*(.+)/g)].map((match) => match[1]!.trim());
  if (minors.length > 0) return minors[minors.length - 1]!;
  return message.split('\n')[0]!.trim() || 'unreadable';
}

/** The error for a file the HDF5 library refuses, with what the reader expected of it. */
export function notHdf5(file: string, what: string, error: unknown): UserError {
  return new UserError(`the ${what} must be an HDF5 file as Keras writes it. Received: ${hdf5Reason(error)} (the HDF5 library's reason).`, {
    code: 'KERAS_H5_INVALID',
    file,
  });
}

/**
 * Opens `bytes` as an HDF5 file and runs `read` on its root group; the file is closed and its
 * bytes dropped whatever `read` does. HDF5 errors inside `read` (a truncated file is often
 * found only when a dataset is read) become the same UserError as a failed open.
 */
export async function withH5<T>(bytes: Uint8Array, file: string, what: string, read: (root: H5Group) => T): Promise<T> {
  await init();
  const fs = FS!;
  const name = `/kerasts-read-${process.pid}-${++serial}.h5`;
  fs.writeFile(name, bytes);
  let opened: InstanceType<typeof h5wasm.File> | undefined;
  try {
    opened = new h5wasm.File(name, 'r');
    return read(opened);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw notHdf5(file, what, error);
  } finally {
    try {
      opened?.close();
    } finally {
      fs.unlink(name);
    }
  }
}

/** The child at `path`, if it is a group. */
export function groupAt(parent: H5Group, path: string): H5Group | undefined {
  const entity = parent.get(path);
  return entity instanceof h5wasm.Group ? entity : undefined;
}

/** The child at `path`, if it is a dataset. */
export function datasetAt(parent: H5Group, path: string): H5Dataset | undefined {
  const entity = parent.get(path);
  return entity instanceof h5wasm.Dataset ? entity : undefined;
}

function clean(text: string): string {
  return text.replace(/\0+$/, '');
}

/** A string attribute (h5py's `str` or `bytes` scalar), or undefined when absent or not a string. */
export function stringAttribute(node: H5Group, name: string): string | undefined {
  if (!(name in node.attrs)) return undefined;
  const value = node.attrs[name]!.value;
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return clean(value[0]);
  return undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [clean(value)];
  if (ArrayBuffer.isView(value) && (value as unknown as ArrayLike<number>).length === 0) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item: string) => clean(item));
  return undefined;
}

/**
 * A list-of-names attribute (`layer_names`, `weight_names`) as Keras 2's
 * `load_attributes_from_hdf5_group` reads it: one attribute, or, where Keras had to split a
 * long list past HDF5's header limit, `name0`, `name1`, ... concatenated. Undefined when absent;
 * `bad` when present but not strings.
 */
export function nameListAttribute(node: H5Group, name: string): string[] | undefined | 'bad' {
  const attrs = node.attrs;
  if (name in attrs) return stringList(attrs[name]!.value) ?? 'bad';
  if (!(`${name}0` in attrs)) return undefined;
  const names: string[] = [];
  for (let chunk = 0; `${name}${chunk}` in attrs; chunk++) {
    const part = stringList(attrs[`${name}${chunk}`]!.value);
    if (part === undefined) return 'bad';
    names.push(...part);
  }
  return names;
}

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Debian's Python, which has h5py (another python3 may come first on PATH). */
const PYTHON = '/usr/bin/python3';
const DUMP = resolve(import.meta.dirname, 'h5py-dump.py');

/** Why h5py cannot be used here, or undefined when it can: tests skip with this reason. */
export function h5pyMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import h5py'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found (Debian python3-h5py checks the written files)`;
  return probe.status === 0 ? undefined : `h5py is not installed for ${PYTHON} (Debian package python3-h5py)`;
}

export interface H5Attr {
  kind: 'bytes' | 'str' | 'array' | string;
  dtype?: string;
  value: unknown;
}

export interface H5Dump {
  attrs: Record<string, Record<string, H5Attr>>;
  datasets: Record<string, { dtype: string; shape: number[]; values: number[] }>;
  groups: string[];
  keras2_weights?: { layer: string; weights: { name: string; dtype: string; shape: number[]; values: number[] }[] }[];
}

/** The file as h5py reads it; with `keras2`, also the weights as Keras 2.2's loader walks them. */
export function h5pyDump(path: string, mode: 'keras2' | '' = ''): H5Dump {
  const result = spawnSync(PYTHON, [DUMP, path, mode], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`h5py-dump failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as H5Dump;
}

const ARCHIVE_DUMP = resolve(import.meta.dirname, 'keras-archive-dump.py');

export interface KerasArchiveDump {
  entries: { name: string; compress_type: number; size: number }[];
  metadata: { keras_version: string; date_saved: string };
  config: Record<string, unknown>;
  groups: string[];
  datasets: Record<string, { dtype: string; shape: number[]; values: number[] }>;
  /** Attribute names per group or dataset path, for those that have any. */
  attrs: Record<string, string[]>;
}

/** A `.keras` archive as Python's zipfile and h5py read it (the weights opened inside the zip, as Keras 3 does). */
export function kerasArchiveDump(path: string): KerasArchiveDump {
  const result = spawnSync(PYTHON, [ARCHIVE_DUMP, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`keras-archive-dump failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as KerasArchiveDump;
}

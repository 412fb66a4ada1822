/** Removing what a killed run left half-written, before the run is written to again. */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ATOMIC_TEMP_PATTERN } from '../util/atomic-write.js';
import { readCheckpointPointer, removeOtherCheckpoints } from './checkpoint.js';
import { RUN_FILES } from './layout.js';

async function removeAtomicTemps(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) if (ATOMIC_TEMP_PATTERN.test(name)) await fs.rm(join(dir, name), { force: true });
}

/**
 * Removes the temporary files and checkpoint folders of an earlier, killed process from run
 * directory `dir`: checkpoint folders the pointer does not name, and atomic-write temporaries
 * in the run directory and its model folders. Call it only as the run's one writer.
 */
export async function removeStaleFiles(dir: string): Promise<void> {
  const pointer = await readCheckpointPointer(dir);
  // Without a pointer no checkpoint-<epoch> folder was ever made current; a legacy checkpoint/ stays.
  await removeOtherCheckpoints(dir, pointer?.folder);
  const folders = [dir, join(dir, RUN_FILES.initialModelDir), join(dir, RUN_FILES.modelCheckpointDir), ...(pointer ? [join(dir, pointer.folder)] : [])];
  for (const folder of folders) await removeAtomicTemps(folder);
}


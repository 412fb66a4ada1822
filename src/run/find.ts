/** Finding "the latest run": for `kerasts filters`/`summary` without input, and for `--resume`. */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, RUNS_DIR } from './layout.js';

/**
 * The folder under `parent` (whose name starts with `namePrefix`) in which the file `marker`
 * was written last.
 */
export async function newestRunWith(parent: string, marker: string, namePrefix = ''): Promise<string | undefined> {
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  let best: { dir: string; mtime: number } | undefined;
  for (const name of names) {
    if (!name.startsWith(namePrefix)) continue;
    const dir = join(parent, name);
    const stat = await fs.stat(join(dir, marker)).catch(() => undefined);
    if (stat?.isFile() && (best === undefined || stat.mtimeMs > best.mtime)) best = { dir, mtime: stat.mtimeMs };
  }
  return best?.dir;
}

/** The run under `parent` whose trained model was written last. */
export async function latestFinishedRun(parent = RUNS_DIR): Promise<string | undefined> {
  return newestRunWith(parent, RUN_FILES.model);
}

/** The most recent run directory of run `name` under `parent` that has a checkpoint. */
export async function latestCheckpointedRun(name: string, parent = RUNS_DIR): Promise<string | undefined> {
  return newestRunWith(parent, RUN_FILES.checkpoint, `${name}-`);
}

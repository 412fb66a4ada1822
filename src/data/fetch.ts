import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { RuntimeFailure } from '../errors.js';
import { DownloadFailed, type DownloadOptions, type DownloadProgress, downloadFile } from './download.js';
import { type DatasetLocation, type LocateOptions, datasetInfo, locateDataset } from './locate.js';
import { type DatasetInfo, datasetCacheDir, fileUrl, mirrorsFor } from './registry.js';
import { sourcesHint } from './sources-hint.js';
import { extractTarGz } from './ustar.js';

/** Options for making a dataset present: where to look, and how to download if needed. */
export interface FetchOptions extends LocateOptions {
  /** Mirror base URL for this dataset (a flag); beats the environment and settings. */
  mirror?: string;
  /** The `dataset_mirrors` setting: base URL per dataset name. */
  settingsMirrors?: Record<string, string>;
  /** Never download; a dataset that is not present is an error. */
  offline?: boolean;
  onProgress?: (progress: DownloadProgress) => void;
  /** Retry, backoff and timeout knobs (tests make them short). */
  download?: Partial<DownloadOptions>;
}

export interface FetchResult {
  location: DatasetLocation;
  /** Where the data came from: the folder it was found in, or `downloaded from <url>`. */
  source: string;
}

/** Downloads the archive, unpacks the wanted members into the cache, and removes the archive. */
async function fetchArchive(info: DatasetInfo, cacheDir: string, bases: string[], options: FetchOptions): Promise<string> {
  const archive = info.archive!;
  const archivePath = join(cacheDir, archive.name);
  const url = await downloadFile(
    { urls: bases.map((base) => fileUrl(base, archive.name)), dest: archivePath, sha256: archive.sha256, size: archive.size },
    { ...options.download, onProgress: options.onProgress },
  );
  const wanted = new Set(info.files.map((file) => file.name));
  let written: string[] = [];
  try {
    written = await extractTarGz(archivePath, (member) =>
      member.startsWith(archive.member) && wanted.has(basename(member)) ? join(cacheDir, basename(member)) : undefined,
    );
    const missing = info.files.filter((file) => !written.includes(join(cacheDir, file.name)));
    if (missing.length > 0) {
      throw new RuntimeFailure(`the archive ${url} must hold ${missing.map((file) => archive.member + file.name).join(', ')}. Received: an archive without them.`, {
        code: 'DOWNLOAD_FAILED',
      });
    }
  } catch (error) {
    // Extraction failures must not leave a half-populated cache behind.
    await Promise.all(written.map((path) => fs.rm(path, { force: true })));
    throw error;
  } finally {
    await fs.rm(archivePath, { force: true });
  }
  return url;
}

/**
 * Makes a dataset present and says where it is: explicit path, cache or system folder as
 * found by {@link locateDataset}, else downloaded into the cache from the mirrors (only
 * the files not cached yet). Each downloaded file is verified before it enters the cache.
 */
export async function fetchDataset(name: string, options: FetchOptions = {}): Promise<FetchResult> {
  const info = datasetInfo(name, options.registry);
  const location = await locateDataset(name, options);
  if (location.found) return { location, source: location.dir ?? location.files.map((file) => file.path).join(', ') };
  const cacheDir = datasetCacheDir(info.name, options.home);
  if (options.offline) {
    throw new RuntimeFailure(`the ${name} dataset must be present when working offline. Received: not in ${cacheDir} nor a system folder.`, {
      code: 'DATASET_NOT_PRESENT',
      hint: 'Run "kerasts datasets fetch" with a network, or give the files with --data <dir>.',
    });
  }
  const bases = mirrorsFor(info, options.mirror, options.settingsMirrors);
  let urls: string[];
  try {
    urls = await downloadMissing(info, location, cacheDir, bases, options);
  } catch (error) {
    if (!(error instanceof DownloadFailed)) throw error;
    throw new DownloadFailed(error.message, await sourcesHint(info, cacheDir, options), error.unreachable, error.reasons);
  }
  const after = await locateDataset(name, { ...options, path: undefined, files: undefined, systemDirs: [] });
  if (!after.found) throw new RuntimeFailure(`the ${name} files must be in ${cacheDir} after downloading. Received: some are missing.`);
  const from = urls.length > 0 ? urls[0]!.slice(0, urls[0]!.lastIndexOf('/') + 1) : cacheDir;
  return { location: after, source: `downloaded from ${from}` };
}

/** Downloads the archive, or each file not cached yet; returns the URLs that served them. */
async function downloadMissing(info: DatasetInfo, location: DatasetLocation, cacheDir: string, bases: string[], options: FetchOptions): Promise<string[]> {
  const urls: string[] = [];
  if (info.archive !== undefined) {
    urls.push(await fetchArchive(info, cacheDir, bases, options));
  } else {
    for (const file of location.files) {
      if (file.path !== undefined) continue;
      const meta = info.files.find((entry) => entry.role === file.role)!;
      urls.push(
        await downloadFile(
          { urls: bases.map((base) => fileUrl(base, meta.name)), dest: join(cacheDir, meta.name), sha256: meta.sha256, size: meta.size },
          { ...options.download, onProgress: options.onProgress },
        ),
      );
    }
  }
  return urls;
}

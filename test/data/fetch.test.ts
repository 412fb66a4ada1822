import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../../src/data/load.js';
import { fetchDataset } from '../../src/data/fetch.js';
import { DATASETS, type DatasetInfo } from '../../src/data/registry.js';
import { RuntimeFailure } from '../../src/errors.js';
import { FAST, FILES, failure, filesUnder, registryFor, routes, sha256, withServer } from '../helpers/dataset-server.js';
import { tempDir } from '../helpers/cli.js';
import { cifarBytes } from './fixtures.js';

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

test('offline, a dataset that is not present is refused without a request, naming the cache', async () => {
  const { dir: home, remove } = tempDir();
  try {
    await assert.rejects(fetchDataset('mnist', { home, registry: registryFor(['http://127.0.0.1:9/never/']), offline: true }), (error: unknown) => {
      assert.ok(error instanceof RuntimeFailure, String(error));
      assert.equal(error.code, 'DATASET_NOT_PRESENT');
      assert.match(error.toLine(), new RegExp(`the mnist dataset must be present when working offline\\. Received: not in ${join(home, 'datasets', 'mnist').replace(/[.]/g, '\\.')} nor a system folder\\.`));
      return true;
    });
    assert.deepEqual(filesUnder(home), []);
  } finally {
    remove();
  }
});

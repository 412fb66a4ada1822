import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Route } from '../helpers/http-server.js';
import type { DownloadFailed } from '../../src/data/download.js';
import { fetchDataset } from '../../src/data/fetch.js';
import { FAST, failure, filesUnder, registryFor, routes, withServer } from '../helpers/dataset-server.js';

// The downloader's retries, redirects and failures, seen through fetchDataset; what fetch
// does with the files (cache, archives, mirrors) is in fetch.test.ts.

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


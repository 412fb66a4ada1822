import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DATASET_NAMES, DATASETS, datasetCacheDir, fileUrl, HOME_ENV, IDX_ROLES, kerastsHome, MIRROR_ENV, mirrorsFor } from '../../src/data/registry.js';
import { userError } from '../helpers/user-error.js';

/** Runs `body` with an environment variable set (or removed), restoring it after. */
function withEnv(name: string, value: string | undefined, body: () => void): void {
  const saved = process.env[name];
  try {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    body();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

test('mirror precedence: explicit, then KERASTS_DATASETS_MIRROR/<name>/, then settings, then the public mirrors', () => {
  withEnv(MIRROR_ENV, undefined, () => {
    const info = DATASETS.mnist;
    assert.deepEqual(mirrorsFor(info), info.mirrors);
    assert.deepEqual(mirrorsFor(info, undefined, { mnist: 'http://corp/mnist' }), ['http://corp/mnist']);
  });
  withEnv(MIRROR_ENV, 'http://env/base/', () => {
    const info = DATASETS.mnist;
    assert.deepEqual(mirrorsFor(info, undefined, { mnist: 'http://corp/mnist' }), ['http://env/base/mnist/']);
    assert.deepEqual(mirrorsFor(info, 'http://flag/'), ['http://flag/']);
  });
});

test('a bad KERASTS_DATASETS_MIRROR is a user error naming the variable', () => {
  withEnv(MIRROR_ENV, 'file:///srv/mnist', () => {
    assert.throws(() => mirrorsFor(DATASETS.mnist), userError(/environment variable KERASTS_DATASETS_MIRROR.*must be an http:\/\/ or https:\/\/ URL \(file:\/\/ is not supported\)\. Received: "file:\/\/\/srv\/mnist"\./, 'BAD_MIRROR'));
  });
});

test('the home folder: the override, else KERASTS_HOME, else ~/.kerasts; each dataset caches under datasets/<name>', () => {
  withEnv(HOME_ENV, '/env/home', () => {
    assert.equal(kerastsHome('/given'), '/given');
    assert.equal(kerastsHome(), '/env/home');
    assert.equal(datasetCacheDir('cifar10'), join('/env/home', 'datasets', 'cifar10'));
  });
  withEnv(HOME_ENV, undefined, () => assert.equal(kerastsHome(), join(homedir(), '.kerasts')));
});

test('file URLs join with one slash whether the base has one or not', () => {
  assert.equal(fileUrl('http://m/x/', 'a.gz'), 'http://m/x/a.gz');
  assert.equal(fileUrl('http://m/x', 'a.gz'), 'http://m/x/a.gz');
});

test('every built-in dataset is listed under its name; downloadable IDX files carry a checksum and the names people unzip to', () => {
  assert.deepEqual(Object.keys(DATASETS).sort(), [...DATASET_NAMES].sort());
  for (const name of DATASET_NAMES) assert.equal(DATASETS[name].name, name);
  for (const name of ['mnist', 'fashion-mnist'] as const) {
    const files = DATASETS[name].files;
    assert.deepEqual(files.map((f) => f.role), [...IDX_ROLES]);
    for (const file of files) assert.match(file.sha256 ?? '', /^[0-9a-f]{64}$/, `${name} ${file.name}`);
  }
  assert.deepEqual(DATASETS.mnist.files[0]!.aliases, ['train-images-idx3-ubyte', 'train-images.idx3-ubyte']);
  assert.equal(DATASETS.idx.mirrors.length, 0, 'idx files are given by path, never downloaded');
  assert.match(DATASETS.cifar10.archive!.sha256, /^[0-9a-f]{64}$/);
  assert.equal(DATASETS.cifar10.files.length, 6);
});

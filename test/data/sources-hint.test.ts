import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../../src/data/registry.js';
import { sourcesHint } from '../../src/data/sources-hint.js';
import { tempDir } from '../helpers/cli.js';
import { tinyMnistFiles, writeFiles } from './fixtures.js';

test('the hint names --data with the files, the cache folder (created), and the mirror options', async (t) => {
  const { dir: home, remove } = tempDir();
  t.after(remove);
  const cache = join(home, 'datasets', 'fashion-mnist');
  const registry = { 'fashion-mnist': DATASETS['fashion-mnist'] };
  const hint = await sourcesHint(DATASETS['fashion-mnist'], cache, { home, systemDirs: [], registry });
  assert.ok(existsSync(cache), 'the cache folder exists, to be filled by hand');
  assert.equal(
    hint,
    `To use fashion-mnist: pass --data DIR for a folder holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz; or put them in ${cache}; ` +
      'or download from another mirror with --mirror <url> (also KERASTS_DATASETS_MIRROR or the dataset_mirrors setting).',
  );
});

test('datasets already present are offered, with the shipped config that trains on them', async (t) => {
  const { dir: home, remove } = tempDir();
  t.after(remove);
  const mnistCache = join(home, 'datasets', 'mnist');
  mkdirSync(mnistCache, { recursive: true });
  writeFiles(mnistCache, tinyMnistFiles());
  const registry = { mnist: DATASETS.mnist, 'fashion-mnist': DATASETS['fashion-mnist'], idx: DATASETS.idx };
  const hint = await sourcesHint(DATASETS['fashion-mnist'], join(home, 'datasets', 'fashion-mnist'), { home, systemDirs: [], registry });
  assert.match(hint, new RegExp(`Present here: mnist in ${mnistCache.replace(/[.]/g, '\\.')} \\(kerasts train configs/mnist_cnn\\.json\\)\\.$`));
  assert.doesNotMatch(hint, /fashion-mnist in /, 'not the dataset asked for');
});

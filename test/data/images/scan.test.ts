import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandImagePaths, scanClassFolders } from '../../../src/data/images/scan.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';

/** Writes empty files (the scan never decodes) under `root`. */
function files(root: string, paths: string[]): void {
  for (const path of paths) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
  }
}

test('classes are the subfolders in alphabetical order; images are found recursively, sorted, by extension', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  files(dir, ['dogs/b.JPG', 'dogs/a.png', 'dogs/deep/c.jpeg', 'dogs/notes.txt', 'cats/z.png', 'loose.png', 'README']);
  const scanned = await scanClassFolders(dir);
  assert.deepEqual(scanned.classNames, ['cats', 'dogs']);
  assert.deepEqual(scanned.counts, [1, 3]);
  assert.deepEqual(scanned.entries.map((e) => [e.file, e.label, e.size]), [['cats/z.png', 0, 1], ['dogs/a.png', 1, 1], ['dogs/b.JPG', 1, 1], ['dogs/deep/c.jpeg', 1, 1]]);
  assert.equal(scanned.entries[0]!.path, join(dir, 'cats', 'z.png'));
});

test('a file, a missing folder, no subfolders or an empty class is one line naming it and the role', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  files(dir, ['flat/a.png', 'flat/b.png', 'one/empty/readme.txt', 'file.png']);
  await assert.rejects(scanClassFolders(join(dir, 'file.png'), 'dataset.test_path'), userError(/file\.png: dataset\.test_path must be a folder with one subfolder of images per class\. Received: a file\./, 'DATA_NOT_A_FOLDER'));
  await assert.rejects(scanClassFolders(join(dir, 'none')), userError(/none: dataset\.path must be a folder .*Received: no such file or folder\./, 'DATA_MISSING'));
  await assert.rejects(scanClassFolders(join(dir, 'flat')), userError(/Received: no subfolders \(2 images directly inside\)\./, 'DATA_NO_CLASSES'));
  await assert.rejects(scanClassFolders(join(dir, 'one')), userError(/one\/empty: every class folder must hold at least one image \(\.png, \.jpg, \.jpeg\)\. Received: none in class "empty"\./, 'DATA_EMPTY_CLASS'));
});

test('symlinks are followed, but a loop back up is refused', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  files(dir, ['elsewhere/x.png', 'data/a/1.png']);
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'data', 'a', 'linked'));
  assert.deepEqual((await scanClassFolders(join(dir, 'data'))).entries.map((e) => e.file), ['data/a/1.png', 'data/a/linked/x.png'].map((f) => f.slice(5)));
  symlinkSync(join(dir, 'data'), join(dir, 'data', 'a', 'up'));
  await assert.rejects(scanClassFolders(join(dir, 'data')), userError(/a\/up: a class folder must not contain a link to itself or a folder above it/, 'DATA_SYMLINK_LOOP'));
});

test('predict’s paths: files kept as given, folders replaced by their images; an imageless folder is refused', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  files(dir, ['imgs/b.png', 'imgs/sub/a.jpg', 'imgs/skip.gif', 'empty/readme.txt']);
  const given = join(dir, 'not-yet-there.png');
  assert.deepEqual(await expandImagePaths([given, join(dir, 'imgs')]), [given, join(dir, 'imgs', 'b.png'), join(dir, 'imgs', 'sub', 'a.jpg')]);
  await assert.rejects(expandImagePaths([join(dir, 'empty')]), userError(/empty: a folder given to predict must hold PNG or JPEG images/, 'DATA_NO_IMAGES'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { create } from 'tar';
import { UserError } from '../../src/errors.js';
import { extractTarGz } from '../../src/data/tar-gz.js';
import { tempDir } from '../helpers/cli.js';

/** A tar.gz of `files` (path -> content) made by node-tar, as GNU tar would (pax headers for long names). */
async function archiveOf(dir: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const src = join(dir, 'src');
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), data);
  }
  const archive = join(dir, 'a.tar.gz');
  await create({ gzip: true, file: archive, cwd: src, portable: true }, Object.keys(files));
  return archive;
}

function badArchive(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.code, 'DATA_BAD_ARCHIVE');
    assert.equal(error.exitCode, 2);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

// One name component over 100 bytes: no ustar prefix split fits it, so node-tar writes a pax header.
const LONG = `cifar-10-batches-bin/${'x'.repeat(120)}.bin`;

test('picked members are extracted (pax long names too), the rest skipped', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const archive = await archiveOf(dir, { 'cifar-10-batches-bin/test_batch.bin': 'test', 'cifar-10-batches-bin/readme.html': 'skip', [LONG]: 'long' });
  const out = join(dir, 'out');
  mkdirSync(out);
  const written = await extractTarGz(archive, (member) => (member.endsWith('.bin') ? join(out, member.split('/').pop()!) : undefined));
  const long = `${'x'.repeat(120)}.bin`;
  assert.deepEqual(written.sort(), [join(out, 'test_batch.bin'), join(out, long)]);
  assert.equal(readFileSync(join(out, long), 'utf8'), 'long', 'the pax header gives the full name');
  assert.equal(readFileSync(join(out, 'test_batch.bin'), 'utf8'), 'test');
  assert.deepEqual(readdirSync(out).sort(), ['test_batch.bin', long], 'no temporary files are left');
});

test('a corrupted header checksum or a truncated archive is refused and leaves nothing behind', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const out = join(dir, 'out');
  mkdirSync(out);
  const pick = (member: string) => join(out, member.split('/').pop()!);
  const archive = await archiveOf(dir, { 'a/one.bin': 'x'.repeat(3000), 'a/two.bin': 'y'.repeat(3000) });
  const raw = gunzipSync(readFileSync(archive));
  // Flip one byte of the second member's name: its checksum no longer matches.
  const second = raw.indexOf('a/two.bin');
  const corrupted = Buffer.from(raw);
  corrupted[second + 2] = 'X'.charCodeAt(0);
  writeFileSync(join(dir, 'bad.tar.gz'), gzipSync(corrupted));
  await assert.rejects(extractTarGz(join(dir, 'bad.tar.gz'), pick), badArchive(/bad\.tar\.gz: the archive must be a complete, uncorrupted tar\.gz\. Received: .*checksum/i));
  assert.deepEqual(readdirSync(out), [], 'nothing extracted is kept');
  writeFileSync(join(dir, 'short.tar.gz'), gzipSync(raw.subarray(0, 512 + 1000)));
  await assert.rejects(extractTarGz(join(dir, 'short.tar.gz'), pick), badArchive(/short\.tar\.gz: the archive must be a complete, uncorrupted tar\.gz\. Received: .*Truncated input/));
  assert.deepEqual(readdirSync(out), []);
  writeFileSync(join(dir, 'notgz.tar.gz'), 'hello');
  await assert.rejects(extractTarGz(join(dir, 'notgz.tar.gz'), pick), badArchive(/notgz\.tar\.gz: the archive must be a complete/));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { UserError } from '../../../src/errors.js';
import { readZipEntries } from '../../../src/keras/read/zip-entries.js';

test('readZipEntries inflates only the wanted entries and lists them all', () => {
  const zip = zipSync({ 'a.json': strToU8('{"a": 1}'), 'b.bin': new Uint8Array(5000).fill(7), 'c.txt': strToU8('c') });
  const { names, entries } = readZipEntries(zip, 'z.keras', 'archive', ['a.json', 'b.bin', 'missing']);
  assert.deepEqual(names, ['a.json', 'b.bin', 'c.txt']);
  assert.deepEqual(Object.keys(entries).sort(), ['a.json', 'b.bin']);
  assert.equal(Buffer.from(entries['a.json']!).toString(), '{"a": 1}');
  assert.equal(entries['b.bin']!.length, 5000);
});

test('an entry inflates to no more than its declared size, and a damaged entry is a UserError', () => {
  const zip = zipSync({ 'x.bin': new Uint8Array(100_000).fill(1) }, { level: 9 });
  const bytes = Buffer.from(zip);
  // Declare 10 bytes in both headers: the inflated entry is cut there, memory stays bounded.
  bytes.writeUInt32LE(10, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
  bytes.writeUInt32LE(10, 22);
  const { entries } = readZipEntries(bytes, 'z.keras', 'archive', ['x.bin']);
  assert.equal(entries['x.bin']!.length, 10);
  const broken = Buffer.from(zipSync({ 'y.bin': new Uint8Array(1000).map((_, i) => i * 7) }));
  broken.fill(0xff, 30 + 5, 30 + 5 + 20); // the compressed data after the local header and name
  assert.throws(() => readZipEntries(broken, 'z.keras', 'archive', ['y.bin']), (error: unknown) => error instanceof UserError && error.file === 'z.keras');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, progressLine, stderrProgress } from '../../src/data/progress.js';

test('progressLine shows bytes, percent and speed; formatBytes uses decimal units', () => {
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(26_421_880), '26.4 MB');
  const line = progressLine({ file: 'a.gz', url: 'http://x/a.gz', received: 5_000_000, total: 20_000_000, seconds: 2, done: false }, 8);
  assert.equal(line, 'a.gz [==      ] 5.0 MB / 20.0 MB  25%  2.5 MB/s');
  assert.equal(progressLine({ file: 'a.gz', url: 'u', received: 1500, seconds: 0, done: false }), 'a.gz  1.5 kB  ');
});

test('stderrProgress writes one line per file start and end when not on a TTY', () => {
  const written: string[] = [];
  const stream = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  const report = stderrProgress(stream);
  const base = { file: 'a.gz', url: 'http://x/a.gz', total: 2000 };
  report({ ...base, received: 1000, seconds: 0.5, done: false });
  report({ ...base, received: 1500, seconds: 0.7, done: false });
  report({ ...base, received: 2000, seconds: 1, done: true });
  assert.deepEqual(written, ['downloading http://x/a.gz (2.0 kB)\n', 'downloaded a.gz: 2.0 kB in 1.0 s, 2.0 kB/s\n']);
});

test('stderrProgress redraws one line in place on a TTY', () => {
  const written: string[] = [];
  const stream = { isTTY: true, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  stderrProgress(stream)({ file: 'a.gz', url: 'u', received: 10, total: 10, seconds: 1, done: true });
  assert.equal(written.length, 2);
  assert.match(written[0]!, /^\r\x1b\[2Ka\.gz \[=+\] 10 B \/ 10 B  100%  10 B\/s$/);
  assert.equal(written[1], '\n');
});

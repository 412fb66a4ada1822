import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHistoryCsv, parseHistoryCsv } from '../../src/run/history-csv.js';
import type { EpochRecord } from '../../src/run/schemas.js';
import { userError } from '../helpers/user-error.js';

const history: EpochRecord[] = [
  { epoch: 1, logs: { loss: 0.5, acc: 0.75 }, seconds: 1.25 },
  { epoch: 2, logs: { loss: 0.25, acc: 0.875, val_loss: 0.3 }, seconds: 1.5 },
];

test('history.csv has one column per metric any epoch has; it reads back as written', () => {
  const text = formatHistoryCsv(history);
  assert.equal(text, 'epoch,loss,acc,val_loss,seconds\n1,0.5,0.75,,1.250\n2,0.25,0.875,0.3,1.500\n');
  assert.deepEqual(parseHistoryCsv(text, 'history.csv'), history);
  assert.deepEqual(parseHistoryCsv(formatHistoryCsv([]), 'h.csv'), []);
});

test('a foreign or damaged history.csv is one line naming the file and line, exit 2', () => {
  assert.throws(() => parseHistoryCsv('a,b,c\n1,2,3\n', 'run/history.csv'), userError(/^run\/history\.csv: line 1: must start with the header epoch,<metrics>,seconds\. Received: "a,b,c"/, 'RUN_FILE_INVALID'));
  assert.throws(() => parseHistoryCsv('', 'h.csv'), userError(/line 1: must start with the header/));
  assert.throws(() => parseHistoryCsv('epoch,loss,loss,seconds\n', 'h.csv'), userError(/line 1: must start with the header/));
  assert.throws(() => parseHistoryCsv('epoch,loss,seconds\n1,0.5\n', 'h.csv'), userError(/h\.csv: line 2: must have 3 cells like the header\. Received: 2/));
  assert.throws(() => parseHistoryCsv('epoch,loss,seconds\n1,abc,1\n', 'h.csv'), userError(/line 2: loss must be a number\. Received: "abc"/));
  assert.throws(() => parseHistoryCsv('epoch,loss,seconds\n0,1,1\n', 'h.csv'), userError(/line 2: epoch must be a positive integer\. Received: 0/));
});

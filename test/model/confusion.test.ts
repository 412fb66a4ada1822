import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classNamesFor, confusionMatrix, formatConfusionMatrix, mostConfidentMistakes } from '../../src/model/confusion.js';

// Six samples over three classes, counted by hand:
//   true 0 -> predicted 0, 0, 1;  true 1 -> predicted 1;  true 2 -> predicted 0, 2.
const predictions = {
  labels: [0, 0, 0, 1, 2, 2],
  predicted: [0, 0, 1, 1, 0, 2],
  probability: [0.9, 0.8, 0.7, 0.6, 0.95, 0.5],
};

test('the confusion matrix has true classes as rows and predicted classes as columns', () => {
  const confusion = confusionMatrix(predictions, ['cat', 'dog', 'eel']);
  assert.deepEqual(confusion.matrix, [
    [2, 1, 0],
    [0, 1, 0],
    [1, 0, 1],
  ]);
  assert.deepEqual(confusion.perClassAccuracy, [2 / 3, 1, 0.5]);
  // A class with no test sample has no accuracy, not 0%.
  assert.deepEqual(confusionMatrix({ labels: [0], predicted: [0], probability: [1] }, ['a', 'b']).perClassAccuracy, [1, null]);
});

test('the most confident mistakes come first, at most the limit', () => {
  const mistakes = mostConfidentMistakes(predictions, 5);
  assert.deepEqual(mistakes.map((m) => [m.index, m.trueClass, m.predictedClass, m.probability]), [
    [4, 2, 0, 0.95],
    [2, 0, 1, 0.7],
  ]);
  assert.equal(mostConfidentMistakes(predictions, 1).length, 1);
});

test('the printed table names every class and shows per-class accuracy', () => {
  const text = formatConfusionMatrix(confusionMatrix(predictions, ['cat', 'dog', 'eel']));
  const lines = text.split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[2], /^\[0\]\s+cat\s+2\s+1\s+0\s+66\.7%$/);
  assert.match(lines[4], /^\[2\]\s+eel\s+1\s+0\s+1\s+50\.0%$/);
  assert.deepEqual(classNamesFor(3, ['a']), ['a', '1', '2']);
});

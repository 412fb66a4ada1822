import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, nearest } from '../../src/util/suggest.js';

test('edit distance is Levenshtein, ignoring case', () => {
  assert.equal(editDistance('Conv2d', 'Conv2D'), 0);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
});

test('the nearest candidate is suggested only when it is a plausible typo', () => {
  const layers = ['Conv2D', 'Dense', 'Dropout', 'Flatten'];
  assert.equal(nearest('Desne', layers), 'Dense');
  assert.equal(didYouMean('Flaten', layers), ' Did you mean "Flatten"?');
  assert.equal(nearest('xy', ['tf']), undefined);
  assert.equal(didYouMean('Transformer', layers), '');
  assert.equal(nearest('Dense', []), undefined);
});

test('close means at most 2 edits, or at most a third of what was typed', () => {
  // 3 edits: too many for 8 letters (a third is 2), enough for 9 (a third is 3).
  assert.equal(nearest('abcdeXYZ', ['abcdefgh']), undefined);
  assert.equal(nearest('abcdefXYZ', ['abcdefghi']), 'abcdefghi');
  assert.equal(nearest('mnst', ['mnist', 'cifar10']), 'mnist');
  assert.equal(nearest('imagenet', ['mnist', 'fashion-mnist', 'cifar10', 'idx', 'mnist-sample']), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mirrorUrlProblem } from '../../src/util/mirror-url.js';

test('a mirror is an http or https URL; anything else says why not', () => {
  assert.equal(mirrorUrlProblem('https://example.org/mnist/'), undefined);
  assert.equal(mirrorUrlProblem('http://localhost:8080'), undefined);
  assert.equal(mirrorUrlProblem('example.org/mnist'), 'must be an http:// or https:// URL');
  assert.equal(mirrorUrlProblem('ftp://example.org/'), 'must be an http:// or https:// URL (ftp:// is not supported)');
  assert.match(mirrorUrlProblem('file:///data') ?? '', /file:\/\/ is not supported/);
});

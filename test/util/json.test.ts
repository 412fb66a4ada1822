import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';
import { lineColumnAt, parseJsonFile } from '../../src/util/json.js';
import { MAX_JSON_DEPTH } from '../../src/util/limits.js';

function refusal(text: string): string {
  try {
    parseJsonFile(text, 'f.json');
  } catch (error) {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.toLine(), /\n/);
    return error.toLine();
  }
  assert.fail(`expected ${JSON.stringify(text.slice(0, 40))} to be refused`);
}

test('JSON is parsed as JSON.parse does, BOM skipped and "__proto__" kept as data', () => {
  assert.deepEqual(parseJsonFile('{"a": [1, -2.5e-3, "x\\u0041", true, null]}', 'f.json'), { a: [1, -2.5e-3, 'xA', true, null] });
  assert.deepEqual(parseJsonFile('\ufeff[1]', 'f.json'), [1]);
  const value = parseJsonFile('{"__proto__": {"polluted": 1}}', 'f.json') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ['__proto__']);
});

test('syntax errors name line, column, what was expected and what was found', () => {
  const cases: [string, RegExp][] = [
    ['{"a": 1,}', /^f\.json: line 1, column 9: must be valid JSON: expected a property name in double quotes after ",": trailing commas are not allowed\. Received: "}"\./],
    ['[1,\n 2,\n]', /^f\.json: line 3, column 1: must be valid JSON: expected a value after ",": trailing commas are not allowed\. Received: "]"\./],
    ['{"a": 1 // note\n}', /^f\.json: line 1, column 9: must be valid JSON: expected no comments\. Received: "\/"\./],
    ['/* c */ {}', /^f\.json: line 1, column 1: must be valid JSON: expected no comments\./],
    ['{"a" 1}', /line 1, column 6: must be valid JSON: expected ":" after the property name\. Received: "1"\./],
    ['{"a": 1 "b": 2}', /line 1, column 9: must be valid JSON: expected "," between items\. Received: "\\""\./],
    ['{"a": [1, 2', /line 1, column 12: must be valid JSON: expected "]" or ","\. Received: the end of the file\./],
    ['{"a": NaN}', /line 1, column 7: must be valid JSON: expected a value \(object, array, string, number, true, false or null\)\. Received: "N"\./],
    ["{'a': 1}", /line 1, column 2: must be valid JSON: .*Received: "'"\./],
    ['{"a": "x\ty"}', /line 1, column 9: must be valid JSON: expected no control characters inside a string\. Received: "\\t"\./],
    ['{"a": "\\x"}', /line 1, column 9: must be valid JSON: expected an escape such as/],
    // An object or array left open at the end of the file: the missing bracket, not "the end of the file expected".
    ['{"a": 1', /line 1, column 8: must be valid JSON: expected "}" or ","\. Received: the end of the file\./],
    ['{"a": {"b": [1]}\n', /line 2, column 1: must be valid JSON: expected "}" or ","\. Received: the end of the file\./],
    ['[1, {"a": 2}', /line 1, column 13: must be valid JSON: expected "]" or ","\. Received: the end of the file\./],
    ['{}}', /line 1, column 3: must be valid JSON: expected the end of the file after the top-level value\. Received: "}"\./],
    ['{"a": 1} x', /line 1, column 10: must be valid JSON: expected the end of the file after the top-level value\. Received: "x"\./],
    ['', /line 1, column 1: must be valid JSON: expected a value\. Received: an empty file\./],
    // A binary file read as text: its bytes decode to U+FFFD, named rather than echoed.
    [Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('utf8'), /line 1, column 1: must be valid JSON: .*Received: bytes that are not UTF-8 text \(is it a binary file\?\)\./],
    ['{"a": é}', /line 1, column 7: must be valid JSON: .*Received: "é" \(U\+00E9\)\./],
  ];
  for (const [text, pattern] of cases) assert.match(refusal(text), pattern, JSON.stringify(text));
});

test('numbers that overflow a double are refused with their JSON path, not read as Infinity', () => {
  assert.match(refusal('{"epsilon": 1e400}'), /^f\.json: line 1, column 13: epsilon must be a finite number\. Received: 1e400, which is too large for a 64-bit float\.$/);
  assert.match(refusal('{"model": {"layers": [{"config": {"rate": -1e999}}]}}'), /model\.layers\[0\]\.config\.rate must be a finite number\. Received: -1e999/);
  assert.equal(parseJsonFile('[1e308, 5e-324, 1e-400]', 'f.json') instanceof Array, true, 'large, tiny and underflowing numbers are fine');
});

test(`nesting deeper than ${MAX_JSON_DEPTH} levels is one line, with no stack overflow`, () => {
  for (const open of ['[', '{"a":']) {
    const close = open === '[' ? ']' : '}';
    const deep = `${open.repeat(10_000)}1${close.repeat(10_000)}`;
    assert.match(refusal(deep), new RegExp(`^f\\.json: line 1, column \\d+: must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep\\. Received: a deeper one\\.$`));
  }
  const limit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
  assert.ok(Array.isArray(parseJsonFile(limit, 'f.json')), 'exactly the limit is accepted');
  // A million levels: still fast and still one line.
  const started = Date.now();
  refusal('['.repeat(1_000_000));
  assert.ok(Date.now() - started < 2000);
});

test('lineColumnAt counts lines and columns from 1', () => {
  assert.deepEqual(lineColumnAt('ab\ncd', 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumnAt('ab\ncd', 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumnAt('ab', 99), { line: 1, column: 3 });
});

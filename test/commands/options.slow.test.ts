import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../src/errors.js';
import { capWorkers, integerFlag, mirrorFlag, parseOptions } from '../../src/commands/options.js';
import { MAX_WORKERS } from '../../src/util/limits.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { smallCnnSpec, writeSyntheticMnist } from '../helpers/synthetic-data.js';

const schema = z.looseObject({ epochs: integerFlag(1).optional(), seed: integerFlag(0).optional(), batchSize: integerFlag(1).optional(), mirror: mirrorFlag.optional() });

function refusal(raw: Record<string, unknown>): string {
  try {
    parseOptions(schema, raw);
  } catch (error) {
    assert.ok(error instanceof UserError);
    assert.equal(error.exitCode, 2);
    return error.toLine();
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be refused`);
}

test('integer options accept decimal digits only', () => {
  assert.deepEqual(parseOptions(schema, { epochs: '16', seed: '0', batchSize: '128' }), { epochs: 16, seed: 0, batchSize: 128 });
  for (const bad of ['0x10', '1e3', '1.5', ' 7', '-1', '+3', '', '0b1', 'Infinity', '99999999999999999999']) {
    assert.match(refusal({ epochs: bad }), /^--epochs: must be a positive integer \(decimal digits only\)\. Received: ".*"\.$/, bad);
  }
  assert.match(refusal({ epochs: '0' }), /^--epochs: must be a positive integer/);
  assert.match(refusal({ seed: '0x0' }), /^--seed: must be a non-negative integer \(decimal digits only\)\. Received: "0x0"\.$/);
  assert.match(refusal({ batchSize: 'x' }), /^--batch-size: must be a positive integer/, 'camelCase keys are named as typed');
  // Options a schema does not list pass through untouched.
  assert.deepEqual(parseOptions(schema, { quiet: true }), { quiet: true });
});

test('a mirror must be an http or https URL', () => {
  assert.equal(parseOptions(schema, { mirror: 'https://example.org/mnist/' }).mirror, 'https://example.org/mnist/');
  assert.equal(parseOptions(schema, { mirror: 'http://127.0.0.1:8080' }).mirror, 'http://127.0.0.1:8080');
  assert.match(refusal({ mirror: 'ftp://example.org/' }), /^--mirror: must be an http:\/\/ or https:\/\/ URL \(ftp:\/\/ is not supported\)\. Received: "ftp:\/\/example\.org\/"\.$/);
  assert.match(refusal({ mirror: 'file:///srv/mnist' }), /file:\/\/ is not supported/);
  assert.match(refusal({ mirror: 'example.org/mnist' }), /^--mirror: must be an http:\/\/ or https:\/\/ URL\. Received: "example\.org\/mnist"\.$/);
});

test('--workers is capped at the cores, the batch size and MAX_WORKERS, with a notice', () => {
  assert.deepEqual(capWorkers(2, { cores: 4 }), { workers: 2 });
  assert.deepEqual(capWorkers(1000, { cores: 2 }), { workers: 2, notice: '--workers 1000 is more than the 2 cores; using 2 (more threads cannot share the work).' });
  assert.equal(capWorkers(8, { cores: 16, batchSize: 4 }).workers, 4);
  assert.match(capWorkers(8, { cores: 16, batchSize: 4 }).notice!, /the batch size 4/);
  assert.equal(capWorkers(1000, { cores: 512 }).workers, MAX_WORKERS);
});

test('the CLI refuses bad option values with one line and exit 2 before reading anything', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const cases: [string[], RegExp][] = [
    [['train', 'absent.json', '--epochs', '0x10'], /^kerasts: --epochs: must be a positive integer \(decimal digits only\)\. Received: "0x10"\.\n$/],
    [['train', 'absent.json', '--mirror', 'ftp://example.org/'], /^kerasts: --mirror: must be an http:\/\/ or https:\/\/ URL \(ftp:\/\/ is not supported\)/],
    [['evaluate', 'absent', '--limit', '0x1'], /^kerasts: --limit: must be a positive integer/],
    [['datasets', 'fetch', 'mnist', '--mirror', 'gopher://x/'], /^kerasts: --mirror: must be an http:\/\/ or https:\/\/ URL \(gopher:\/\/ is not supported\)/],
  ];
  for (const [args, pattern] of cases) {
    const result = runCli(args, { cwd: dir });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern, args.join(' '));
  }
  // The environment's mirror and the settings' dataset_mirrors follow the same rule.
  const env = runCli(['datasets', 'fetch', 'mnist'], { cwd: dir, env: { KERASTS_DATASETS_MIRROR: 'file:///srv' } });
  assert.equal(env.status, 2);
  assert.match(env.stderr, /^kerasts: environment variable KERASTS_DATASETS_MIRROR: must be an http:\/\/ or https:\/\/ URL \(file:\/\/ is not supported\)\. Received: "file:\/\/\/srv"\.\n$/);
  writeFileSync(join(dir, '.kerasts.json'), JSON.stringify({ dataset_mirrors: { mnist: 'ftp://example.org/' } }));
  const settings = runCli(['config'], { cwd: dir });
  assert.equal(settings.status, 2);
  assert.match(settings.stderr, /\.kerasts\.json: dataset_mirrors\.mnist must be an http:\/\/ or https:\/\/ URL \(ftp:\/\/ is not supported\)/);
});

test('train --workers 1000 starts no more threads than cores, says so, and finishes', (t) => {
  const { dir, remove } = tempDir('kerasts-train-');
  t.after(remove);
  const data = join(dir, 'data');
  mkdirSync(data);
  writeSyntheticMnist(data, 64, 16);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(smallCnnSpec()));
  const started = Date.now();
  const result = runCli(['--backend', 'wasm', 'train', 'spec.json', '--data', data, '--out', join(dir, 'run'), '--epochs', '1', '--workers', '1000', '--json'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^kerasts: --workers 1000 is more than the \d+ cores; using \d+ \(more threads cannot share the work\)\.$/m);
  const { workers } = JSON.parse(result.stdout) as { workers: number };
  assert.ok(workers >= 1 && workers <= MAX_WORKERS, `workers ${workers}`);
  t.diagnostic(`train --workers 1000 took ${Date.now() - started} ms and used ${workers} workers`);
});

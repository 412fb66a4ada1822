import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

test('evaluate --help teaches both forms: a run directory, and a model file with its dataset', () => {
  const help = runCli(['evaluate', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: kerasts evaluate \[options\] <run-dir \| model-file>$/m);
  for (const flag of ['--dataset <name>', '--spec <spec.json>', '--out-dir <dir>', '--data <dir>', '--limit <n>', '--json']) assert.ok(help.stdout.includes(flag), flag);
  assert.match(help.stdout, /written only with --out-dir/);
  assert.match(help.stdout, /\$ kerasts evaluate runs\/mnist_cnn-\d{8}-\d{6}\n/);
  assert.match(help.stdout, /\$ kerasts evaluate \S+model\.json --dataset mnist/);
  assert.match(help.stdout, /\$ kerasts evaluate \S+\.h5 --spec \S+ --out-dir \S+/);
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { testPause } from '../../src/util/test-pause.js';

const MODULE = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../src/util/test-pause.ts')).href;

/** Runs `body` in a child process with the pause variables set; resolves when it exits. */
function child(env: Record<string, string>, body: string, onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void) {
  const script = `const { testPause } = await import(${JSON.stringify(MODULE)});\n${body}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk) => { stdout += chunk; });
  proc.stderr.on('data', (chunk) => { stderr += chunk; onStderr?.(stderr, (signal) => proc.kill(signal)); });
  const started = Date.now();
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

test('without KERASTS_TEST_PAUSE_AT, or at another point, testPause returns at once', async () => {
  delete process.env.KERASTS_TEST_PAUSE_AT;
  const started = Date.now();
  await testPause('checkpoint-begin');
  process.env.KERASTS_TEST_PAUSE_AT = 'history-before-write';
  process.env.KERASTS_TEST_PAUSE_MS = '5000';
  await testPause('checkpoint-begin');
  delete process.env.KERASTS_TEST_PAUSE_AT;
  delete process.env.KERASTS_TEST_PAUSE_MS;
  assert.ok(Date.now() - started < 1000);
});

test('it pauses the n-th time the point is reached, saying so on stderr, for KERASTS_TEST_PAUSE_MS', async () => {
  const body = "for (let i = 1; i <= 3; i++) { const t = Date.now(); await testPause('checkpoint-model-written'); console.log(i, Date.now() - t >= 250); }";
  const result = await child({ KERASTS_TEST_PAUSE_AT: 'checkpoint-model-written:2', KERASTS_TEST_PAUSE_MS: '300' }, body);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, 'kerasts-test-pause: checkpoint-model-written:2\n');
  assert.equal(result.stdout, '1 false\n2 true\n3 false\n');
});

test('a SIGTERM during the pause ends it: with no handler the process dies of it, with one the handler runs', async () => {
  const pausing = (text: string, kill: (signal: NodeJS.Signals) => void) => { if (text.includes('kerasts-test-pause:')) kill('SIGTERM'); };
  const env = { KERASTS_TEST_PAUSE_AT: 'train-before-metrics', KERASTS_TEST_PAUSE_MS: '30000' };
  const bare = await child(env, "await testPause('train-before-metrics'); console.log('went on');", pausing);
  assert.equal(bare.signal, 'SIGTERM');
  assert.equal(bare.stdout, '');
  assert.ok(bare.ms < 15000, `ended early (${bare.ms} ms)`);
  const handled = await child(env, "process.on('SIGTERM', () => console.log('handled')); await testPause('train-before-metrics'); console.log('went on'); process.exit(0);", pausing);
  assert.equal(handled.code, 0, handled.stderr);
  assert.equal(handled.stdout, 'handled\nwent on\n');
  assert.ok(handled.ms < 15000, `ended early (${handled.ms} ms)`);
});

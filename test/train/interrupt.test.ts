import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InterruptFlag } from '../../src/train/interrupt.js';

test('the first SIGINT or SIGTERM only asks to stop (once); remove() takes the handlers away', () => {
  const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
  let requests = 0;
  const flag = new InterruptFlag(() => requests++).install();
  assert.equal(process.listenerCount('SIGINT'), before.int + 1);
  assert.equal(process.listenerCount('SIGTERM'), before.term + 1);
  assert.equal(flag.stopRequested, false);
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(flag.stopRequested, true);
  assert.equal(requests, 1);
  flag.remove();
  assert.equal(process.listenerCount('SIGINT'), before.int);
  assert.equal(process.listenerCount('SIGTERM'), before.term);
  assert.equal(new InterruptFlag().stopRequested, false, 'a flag without a callback starts clear too');
});

test('a second Ctrl-C exits at once with 130', async () => {
  const module = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../src/train/interrupt.ts')).href;
  const script = `const { InterruptFlag } = await import(${JSON.stringify(module)});
    new InterruptFlag(() => console.log('stopping after the batch')).install();
    console.log('ready');
    setTimeout(() => { console.log('not exited'); process.exit(0); }, 20000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    if (stdout === 'ready\n') child.kill('SIGINT');
    if (stdout === 'ready\nstopping after the batch\n') child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stdout, 'ready\nstopping after the batch\n');
  assert.equal(code, 130);
});

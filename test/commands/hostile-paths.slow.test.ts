import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { smallCnnSpec, writeSyntheticMnist } from '../helpers/synthetic-data.js';

// Every path a user can name, against hostile inputs (issue 11.8): each is exit 2 with one
// line naming the path, within seconds (a FIFO must never block), and leaves nothing written.

const { dir: root, remove } = tempDir('kerasts-hostile-');
const at = (...parts: string[]) => join(root, ...parts);
const DATA = at('data');
const RUN = at('run');
const SPEC = at('spec.json');
const LONG = at('h', 'n'.repeat(300));

/** The hostile things a path can name, and the words a message must use for each. */
const KINDS: Record<string, { path: string; reason: RegExp }> = {
  fifo: { path: at('h', 'pipe'), reason: /named pipe/ },
  device: { path: '/dev/zero', reason: /character device/ },
  // Where a folder is expected, "a file" is the right word for it too.
  procMem: { path: '/proc/self/mem', reason: /proc pseudo file system|Received: a file\./ },
  loop: { path: at('h', 'loop'), reason: /loop of symbolic links/ },
  notDir: { path: at('h', 'file', 'x'), reason: /not a directory|through .*file, which is a file|file is a file/ },
  folder: { path: at('h', 'folder'), reason: /directory/ },
  long: { path: LONG, reason: /too long|a name of 300 bytes/ },
};

before(() => {
  mkdirSync(DATA, { recursive: true });
  writeSyntheticMnist(DATA, 64, 32);
  writeFileSync(SPEC, JSON.stringify(smallCnnSpec()));
  mkdirSync(at('h', 'folder'), { recursive: true });
  execFileSync('mkfifo', [at('h', 'pipe')]);
  symlinkSync('loop', at('h', 'loop'));
  writeFileSync(at('h', 'file'), '');
  const png = new PNG({ width: 28, height: 28 });
  png.data.fill(255);
  writeFileSync(at('digit.png'), PNG.sync.write(png));
  // A finished run, and copies of it whose model files are hostile.
  const trained = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/kerasts'), '--backend', 'cpu', 'train', SPEC, '--data', DATA, '--out', RUN, '--epochs', '1', '--limit', '32', '--workers', '1', '--quiet'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: root, KERASTS_HOME: at('.kerasts'), NO_COLOR: '1' },
    encoding: 'utf8',
  });
  assert.equal(trained.status, 0, trained.stderr);
  for (const file of ['model.json', 'weights.bin']) {
    const copy = at(`run-fifo-${file}`);
    cpSync(RUN, copy, { recursive: true });
    rmSync(join(copy, file));
    execFileSync('mkfifo', [join(copy, file)]);
  }
  const images = at('images');
  mkdirSync(join(images, 'a'), { recursive: true });
  execFileSync('mkfifo', [join(images, 'a', 'x.png')]);
});
process.on('exit', remove);

interface Row {
  name: string;
  args: string[];
  reason: RegExp;
  /** The path the line must name (default: the last argument holding the hostile path). */
  names?: string;
}

/** One row per input and hostile kind: the command line with the argument `X` replaced by the kind's path. */
function rows(input: string, template: string[] | ((path: string) => string[]), kinds: string[]): Row[] {
  return kinds.map((kind) => {
    const { path, reason } = KINDS[kind]!;
    const args = typeof template === 'function' ? template(path) : template.map((arg) => (arg === 'X' ? path : arg));
    return { name: `${input} = ${kind}`, args, reason, names: path };
  });
}

const ALL = Object.keys(KINDS);
const TRAIN = ['--backend', 'cpu', 'train', SPEC, '--epochs', '1', '--limit', '32', '--workers', '1'];
const idxList = (last: string) => [join(DATA, 'train-images-idx3-ubyte.gz'), join(DATA, 'train-labels-idx1-ubyte.gz'), join(DATA, 't10k-images-idx3-ubyte.gz'), last].join(',');

// Kinds per input where its code path differs; every input meets a FIFO, a loop and a bad path.
const TABLE: Row[] = [
  ...rows('spec (summary)', ['summary', 'X'], ['fifo', 'device', 'procMem', 'loop', 'notDir', 'long']),
  ...rows('spec (train)', [...TRAIN.slice(0, 3), 'X', '--data', DATA], ['fifo', 'procMem', 'loop']),
  ...rows('settings (--config)', ['--config', 'X', 'config'], ALL),
  ...rows('dataset path (--data)', [...TRAIN, '--data', 'X'], ['fifo', 'procMem', 'loop', 'notDir']),
  ...rows('IDX file (--data list)', (path) => [...TRAIN, '--data', idxList(path)], ['fifo', 'device', 'procMem', 'loop', 'folder']),
  ...rows('image (predict)', ['predict', RUN, 'X'], ['fifo', 'device', 'procMem', 'loop', 'notDir', 'long']),
  ...rows('run (evaluate)', ['evaluate', 'X'], ['fifo', 'loop', 'notDir', 'long']),
  ...rows('run (report)', ['report', 'X', '--out', at('report.html')], ['fifo', 'loop', 'notDir']),
  ...rows('--resume run', [...TRAIN, '--data', DATA, '--resume', '--out', 'X'], ['fifo', 'loop', 'notDir', 'long']),
  ...rows('--out run dir (train)', [...TRAIN, '--data', DATA, '--out', 'X'], ['fifo', 'procMem', 'loop', 'notDir', 'long']),
  ...rows('--out picture (filters)', ['filters', RUN, '--out', 'X'], ['fifo', 'loop', 'notDir', 'long', 'folder']),
  { name: 'model.json (predict)', args: ['predict', at('run-fifo-model.json'), at('digit.png')], reason: /named pipe/, names: 'model.json' },
  { name: 'weights.bin (predict)', args: ['predict', at('run-fifo-weights.bin'), at('digit.png')], reason: /weights\.bin is a named pipe/ },
  { name: 'image in a class folder', args: [...TRAIN.slice(0, 3), at('images-spec.json')], reason: /x\.png|no PNG|images/, names: 'images' },
];

/** stderr without the notices every command may print (backend choice). */
function errorLines(result: CliResult): string[] {
  return result.stderr.trim().split('\n').filter((line) => line !== '' && !/backend/i.test(line));
}

/** Runs `work` over `items`, a few at a time (the machine is shared). */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

test('every user path against a FIFO, a device, /proc/self/mem, a symlink loop, a file as a folder, a folder and a 300-byte name', async () => {
  writeFileSync(at('images-spec.json'), JSON.stringify(smallCnnSpec({ dataset: { name: 'directory', path: at('images'), image_size: [28, 28], color_mode: 'grayscale' } })));
  const failures: string[] = [];
  await eachLimited(TABLE, 3, async (row) => {
    const started = Date.now();
    const result = await runCliAsync(row.args, root);
    const seconds = (Date.now() - started) / 1000;
    const lines = errorLines(result);
    const shown = (row.names ?? '').slice(-40);
    const problems = [
      result.status === 2 ? '' : `exit ${result.status}`,
      lines.length === 1 ? '' : `${lines.length} lines`,
      row.reason.test(lines[0] ?? '') ? '' : `reason not ${row.reason}`,
      shown === '' || (lines[0] ?? '').includes(shown) ? '' : `does not name ${shown}`,
      seconds < 60 ? '' : `took ${seconds.toFixed(0)} s`,
    ].filter(Boolean);
    if (problems.length > 0) failures.push(`${row.name}: ${problems.join(', ')}: ${result.stderr.trim().replace(/n{20,}/g, 'n…')}`);
  });
  assert.deepEqual(failures, [], failures.join('\n'));
  // Nothing was written over or beside the hostile paths.
  assert.ok(lstatSync(KINDS.fifo!.path).isFIFO(), 'the FIFO is still a FIFO');
  assert.ok(lstatSync(KINDS.loop!.path).isSymbolicLink(), 'the link is still a link');
  assert.deepEqual(readdirSync(at('h')).sort(), ['file', 'folder', 'loop', 'pipe']);
  assert.deepEqual(readdirSync(at('h', 'folder')), []);
});

/** Mounts a small tmpfs at a new folder (read-only with `ro`), or says why it cannot. */
function mountTmpfs(options: string): { dir: string; unmount: () => void } | string {
  const { dir, remove: removeDir } = tempDir('kerasts-mount-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    removeDir();
    return `cannot mount a tmpfs here: ${mounted.stderr.trim() || 'mount failed'}`;
  }
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir]);
      removeDir();
    },
  };
}

test('a read-only file system (EROFS) for --out and for a run: exit 2, one line naming the path, nothing written', async (t) => {
  const mount = mountTmpfs('size=4m');
  if (typeof mount === 'string') return t.skip(mount);
  t.after(mount.unmount);
  cpSync(RUN, join(mount.dir, 'run'), { recursive: true });
  const before = readdirSync(join(mount.dir, 'run')).sort();
  const remounted = spawnSync('mount', ['-o', 'remount,ro', mount.dir], { encoding: 'utf8' });
  if (remounted.status !== 0) return t.skip(`cannot remount read-only: ${remounted.stderr.trim()}`);
  const ro = mount.dir;
  const cases: Row[] = [
    { name: 'train --out', args: [...TRAIN, '--data', DATA, '--out', join(ro, 'new-run')], reason: /read-only file system/, names: ro },
    { name: 'filters --out', args: ['filters', RUN, '--out', join(ro, 'grid.png')], reason: /read-only file system/, names: ro },
    { name: 'plot --out', args: ['plot', SPEC, '--out', join(ro, 'model.png')], reason: /read-only file system/, names: ro },
    { name: 'report --out', args: ['report', RUN, '--out', join(ro, 'report.html')], reason: /read-only file system/, names: ro },
    { name: 'evaluate (writes into the run)', args: ['--backend', 'cpu', 'evaluate', join(ro, 'run')], reason: /read-only file system/, names: ro },
    { name: 'train --resume of a run there', args: [...TRAIN, '--data', DATA, '--resume', '--out', join(ro, 'run')], reason: /read-only file system|finished/, names: ro },
  ];
  const failures: string[] = [];
  for (const row of cases) {
    const result = await runCliAsync(row.args, root);
    const lines = errorLines(result);
    if (result.status !== 2 || lines.length !== 1 || !row.reason.test(lines[0]!) || !lines[0]!.includes(row.names!)) {
      failures.push(`${row.name}: exit ${result.status}: ${result.stderr.trim()}`);
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(readdirSync(join(ro, 'run')).sort(), before, 'the run there is unchanged');
  assert.ok(!existsSync(join(ro, 'new-run')));
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { smallCnnSpec, writeSyntheticMnist } from './synthetic-data.js';

/** A temporary project: synthetic MNIST-shaped data in data/ and a spec in spec.json. */
export function project(t: { after: (fn: () => void) => void }, spec: Record<string, unknown> = smallCnnSpec()) {
  const { dir, remove } = tempDir('kerasts-train-');
  t.after(remove);
  const data = join(dir, 'data');
  mkdirSync(data);
  writeSyntheticMnist(data, 200, 50);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  return { dir, data, spec: join(dir, 'spec.json') };
}

/** The epoch and loss columns of a run's history.csv. */
export function historyEpochs(runDir: string): { epoch: number; loss: number }[] {
  const [header, ...rows] = readFileSync(join(runDir, 'history.csv'), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    return { epoch: Number(cells[columns.indexOf('epoch')]), loss: Number(cells[columns.indexOf('loss')]) };
  });
}

/** `history.csv`: one row per epoch, `epoch,<metrics...>,seconds`, as Keras's CSVLogger writes it. */
import { UserError } from '../errors.js';
import type { EpochRecord } from './schemas.js';

/** The CSV text for `history`; a metric an epoch lacks is an empty cell. */
export function formatHistoryCsv(history: readonly EpochRecord[]): string {
  const keys = [...new Set(history.flatMap((record) => Object.keys(record.logs)))];
  const lines = [['epoch', ...keys, 'seconds'].join(',')];
  for (const record of history) {
    lines.push([record.epoch, ...keys.map((key) => record.logs[key] ?? ''), record.seconds.toFixed(3)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const HEADER_RULE = 'must start with the header epoch,<metrics>,seconds';

/** Parses `text` read from `file`; a foreign or damaged file is a UserError naming the line. */
export function parseHistoryCsv(text: string, file: string): EpochRecord[] {
  const fail = (line: number, message: string) => new UserError(message, { code: 'RUN_FILE_INVALID', file, location: `line ${line}` });
  const [header = '', ...rows] = text.replace(/\n$/, '').split('\n');
  const columns = header.split(',');
  const metrics = columns.slice(1, -1);
  const wellFormed =
    columns.length >= 2 && columns[0] === 'epoch' && columns[columns.length - 1] === 'seconds' && metrics.every((name) => /^[A-Za-z_][\w.]*$/.test(name)) && new Set(columns).size === columns.length;
  if (!wellFormed) throw fail(1, `${HEADER_RULE}. Received: ${JSON.stringify(header.slice(0, 60))}.`);
  return rows.map((row, index) => {
    const line = index + 2;
    const cells = row.split(',');
    if (cells.length !== columns.length) throw fail(line, `must have ${columns.length} cells like the header. Received: ${cells.length}.`);
    const number = (cell: string, name: string): number => {
      const value = Number(cell);
      if (cell.trim() === '' || (Number.isNaN(value) && cell !== 'NaN')) throw fail(line, `${name} must be a number. Received: ${JSON.stringify(cell)}.`);
      return value;
    };
    const epoch = number(cells[0], 'epoch');
    if (!Number.isInteger(epoch) || epoch < 1) throw fail(line, `epoch must be a positive integer. Received: ${cells[0]}.`);
    const logs: Record<string, number> = {};
    metrics.forEach((name, m) => {
      if (cells[m + 1] !== '') logs[name] = number(cells[m + 1], name);
    });
    return { epoch, logs, seconds: number(cells[cells.length - 1], 'seconds') };
  });
}

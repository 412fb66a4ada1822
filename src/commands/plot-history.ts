import { Command } from 'commander';
import { z } from 'zod';
import { RUNS_DIR } from '../run/layout.js';
import { MAX_HISTORY_RUNS } from '../util/limits.js';
import { HISTORY_METRICS } from '../viz/charts/history-chart.js';
import { DEFAULT_HISTORY_DPI, DEFAULT_HISTORY_OUT, describePlotHistory, runPlotHistory } from '../viz/charts/plot-history.js';
import { integerFlag, parseOptions } from './options.js';

const optionsSchema = z.object({
  out: z.string().min(1, { message: 'must be a file path' }),
  // history.csv and the progress lines say acc, as Keras 1 did: a user types what they read.
  metric: z.preprocess((value) => (value === 'acc' ? 'accuracy' : value), z.enum(HISTORY_METRICS, { message: `must be ${HISTORY_METRICS.join(', ')}` })),
  dpi: integerFlag(1).optional(),
  json: z.boolean().optional(),
});

/** `kerasts plot-history [run...] --out curves.png|curves.svg`: learning curves of runs, compared. */
export const plotHistoryCommand = new Command('plot-history')
  .description('draw the learning curves (loss and accuracy, training and validation) of one or several runs on the same axes (PNG or SVG)')
  .argument('[runs...]', `run directories, at most ${MAX_HISTORY_RUNS} (default: the run under ${RUNS_DIR}/ whose history was written last)`)
  .option('--out <file>', 'file to write, .png or .svg; its directory must exist', DEFAULT_HISTORY_OUT)
  .option('--metric <name>', `which panels: ${HISTORY_METRICS.join(', ')} (acc means accuracy; both draws accuracy when every run logged it)`, 'both')
  .option('--dpi <n>', `resolution of a PNG (default: ${DEFAULT_HISTORY_DPI})`)
  .option('--json', 'print the path, format, size, panels and runs drawn as JSON')
  .addHelpText('after', `
Each run is named in the legend by its folder; colour tells the runs apart, a dashed line is
validation, a solid one training. A run still training can be drawn: its history.csv grows
after every epoch.

Examples:
  $ kerasts plot-history                                  # the latest run, to curves.png
  $ kerasts plot-history runs/mnist_cnn-20261203-101500 runs/mnist_cnn-20261203-111500 --out curves.png
  $ kerasts plot-history runs/a runs/b --metric accuracy --out acc.svg
  $ kerasts plot-history runs/a --dpi 192 --json`)
  .action(async (runs: string[], raw: Record<string, unknown>) => {
    const { json, ...options } = parseOptions(optionsSchema, raw);
    const result = await runPlotHistory({ ...options, runs });
    for (const notice of result.notices) process.stderr.write(`${notice}\n`);
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${describePlotHistory(result)}\n`);
  });

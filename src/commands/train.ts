import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS } from '../spec/defaults.js';
import { RUN_FILES, RUNS_DIR } from '../run/layout.js';
import { runTrain, type TrainOptions, type TrainResult } from '../train/run-train.js';
import { getCommandContext } from './context.js';
import { capWorkers, integerFlag, mirrorFlag, parseOptions } from './options.js';

type TrainFlags = Omit<TrainOptions, 'specPath' | 'resolved' | 'log' | 'progressStream'>;

/** `kerasts train`'s options as commander hands them over (strings), checked and converted. */
const optionsSchema = z.looseObject({
  epochs: integerFlag(1).optional(),
  batchSize: integerFlag(1).optional(),
  out: z.string().optional(),
  seed: integerFlag(0).optional(),
  resume: z.boolean().optional(),
  limit: integerFlag(1).optional(),
  data: z.string().optional(),
  mirror: mirrorFlag.optional(),
  workers: integerFlag(1).optional(),
  quiet: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** Default `--workers`: one gradient worker per core. */
export const DEFAULT_WORKERS = availableParallelism();

function printResult(result: TrainResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(`Test loss: ${result.testLoss}\n`);
  if (result.testAccuracy !== undefined) process.stdout.write(`Test accuracy: ${result.testAccuracy}\n`);
  process.stdout.write(`Run directory: ${result.runDir}\n`);
}

export const trainCommand = new Command('train')
  .description('build the model of a spec, train it, evaluate it on the test set, and save a run directory')
  .argument('<spec>', 'experiment spec (JSON), e.g. configs/mnist_cnn.json')
  .option('--epochs <n>', `epochs to train (default: the spec's fit.epochs, else ${DEFAULT_EPOCHS})`)
  .option('--batch-size <n>', `samples per gradient step (default: the spec's fit.batch_size, else ${DEFAULT_BATCH_SIZE})`)
  .option('--out <dir>', `run directory to write (default: ${RUNS_DIR}/<spec name>-<date-time>)`)
  .option('--seed <n>', 'seed for the shuffle order and initial weights (default: the spec\'s fit.seed, else random)')
  .option('--resume', 'continue an interrupted run from its checkpoint (the latest run of this spec, or --out) with the spec, flags and seed it recorded; only --epochs may change')
  .option('--limit <n>', 'use only the first N training and test samples (quick runs)')
  .option('--data <dir>', 'directory holding the dataset files (skips the cache and download)')
  .option('--skip-bad-images', 'directory datasets: skip unreadable or truncated images (and say how many) instead of stopping')
  .option('--mirror <url>', 'base URL to download the dataset from (overrides KERASTS_DATASETS_MIRROR and settings)')
  .option('--workers <n>', `threads computing gradients in parallel; 1 turns it off (default: ${DEFAULT_WORKERS}, the number of cores; --resume: the run's own)`)
  .option('--quiet', 'no progress output')
  .option('--json', 'print the result as JSON')
  .addHelpText(
    'after',
    `
Writes ${RUNS_DIR}/<name>-<date-time>/ with ${RUN_FILES.model} + ${RUN_FILES.weights}, ${RUN_FILES.spec}, ${RUN_FILES.settings},
${RUN_FILES.summary}, ${RUN_FILES.history}, ${RUN_FILES.filtersBefore}, ${RUN_FILES.filtersAfter} and ${RUN_FILES.metrics}.
Ctrl-C stops after the current batch and keeps the checkpoint of the last epoch (exit 130).

Examples:
  $ kerasts train configs/mnist_cnn.json
  $ kerasts train configs/fashion_mnist_cnn.json --epochs 1
  $ kerasts train configs/mnist_cnn.json --limit 1000 --epochs 1 --out runs/quick
  $ kerasts train configs/mnist_cnn.json --resume --out runs/quick`,
  )
  .action(async (spec: string, raw: Record<string, unknown>, command: Command) => {
    const { json, ...overrides } = parseOptions(optionsSchema, raw);
    const { workers, notice } = capWorkers(overrides.workers ?? DEFAULT_WORKERS, { batchSize: overrides.batchSize });
    // --quiet: nothing but the results on stdout (no notices, no progress).
    const log = overrides.quiet ? () => undefined : undefined;
    if (notice !== undefined && !overrides.quiet) process.stderr.write(`kerasts: ${notice}\n`);
    const context = await getCommandContext(command);
    // Without --workers a resumed run keeps its recorded count; a new one gets the (capped) default.
    const flags: TrainFlags = { ...overrides, workers: overrides.workers === undefined ? undefined : workers, defaultWorkers: workers };
    const result = await runTrain({ ...flags, specPath: spec, resolved: context, log });
    printResult(result, json === true);
  });

import { promises as fs } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { formatConfusionMatrix } from '../model/confusion.js';
import { SPEC_DATASET_NAMES } from '../spec/dataset-shapes.js';
import { runEvaluateModelFile } from '../train/evaluate-model-file.js';
import { runEvaluate } from '../train/run-evaluate.js';
import { getCommandContext } from './context.js';
import { integerFlag, parseOptions } from './options.js';

const optionsSchema = z.looseObject({
  data: z.string().optional(),
  limit: integerFlag(1).optional(),
  json: z.boolean().optional(),
  dataset: z.enum(SPEC_DATASET_NAMES, { message: `must be one of ${SPEC_DATASET_NAMES.join(', ')}` }).optional(),
  spec: z.string().min(1).optional(),
  outDir: z.string().min(1).optional(),
  weights: z.string().min(1).optional(),
});

const EXAMPLES = `
A run directory is evaluated on its own dataset, and the pictures are written into it.
A model file (tfjs model.json, or a Keras JSON, .h5 or .keras file) needs the dataset named
with --dataset or --spec; its images are shaped in the model's own ordering (channels-first
for a Theano-ordered Keras model). Its pictures are written only with --out-dir.
--dataset directory --data <folder> evaluates on the class folders there, each image resized
to the model's input.

Examples:
  $ kerasts evaluate runs/mnist_cnn-20261128-101500
  $ kerasts evaluate runs/mnist_cnn-20261128-101500/model.json --dataset mnist --json
  $ kerasts evaluate mnist_cnn.h5 --spec configs/mnist_cnn.json --out-dir eval/
  $ kerasts evaluate model.json --weights model_weights.h5 --dataset mnist`;

const RUN_ONLY_FLAGS = ['dataset', 'spec', 'outDir', 'weights'] as const;

type Flags = z.output<typeof optionsSchema>;

/** A run evaluates on its own spec's dataset and writes into itself: the model-file flags do not apply. */
function refuseModelFileFlags(runDir: string, flags: Flags): void {
  const given = RUN_ONLY_FLAGS.find((key) => flags[key] !== undefined);
  if (given === undefined) return;
  const flag = given === 'outDir' ? '--out-dir' : `--${given}`;
  throw new UserError(`applies only to a model file; a run directory is evaluated on its own dataset and its pictures go into it. Received: ${runDir}, a directory.`, {
    code: 'BAD_OPTION',
    location: flag,
    hint: `Drop ${flag}, or give the run's model.json instead.`,
  });
}

function printText(result: { samples: number; testLoss: number; testAccuracy?: number; confusion: Parameters<typeof formatConfusionMatrix>[0]; pictures?: { confusionMatrix: string; misclassified: string } }): void {
  process.stdout.write(`Evaluated on ${result.samples.toLocaleString('en-US')} test images\n`);
  process.stdout.write(`Test loss: ${result.testLoss}\n`);
  if (result.testAccuracy !== undefined) process.stdout.write(`Test accuracy: ${result.testAccuracy}\n`);
  const wrote = result.pictures ? `Wrote ${result.pictures.confusionMatrix} and ${result.pictures.misclassified}` : 'No pictures written (give --out-dir <dir> to write them).';
  process.stdout.write(`\n${formatConfusionMatrix(result.confusion)}\n\n${wrote}\n`);
}

export const evaluateCommand = new Command('evaluate')
  .description("test loss, accuracy and confusion matrix of a finished run's model, or of a model file on a named dataset; draws confusion-matrix.png and misclassified.png")
  .argument('<run-dir | model-file>', 'run directory written by kerasts train, a tfjs model.json, or a Keras model file')
  .option('--dataset <name>', `dataset to evaluate a model file on (${SPEC_DATASET_NAMES.join(', ')})`)
  .option('--spec <spec.json>', "a spec whose dataset and compile sections a model file is evaluated with")
  .option('--out-dir <dir>', 'for a model file: write confusion-matrix.png and misclassified.png here (default: not written)')
  .option('--weights <file>', 'for a Keras model JSON: its weights-only Keras HDF5 file (save_weights)')
  .option('--data <dir>', 'directory holding the dataset files')
  .option('--limit <n>', "evaluate on the first N test samples only (a run's default: the limit it was trained with)")
  .option('--json', 'print the result as JSON')
  .addHelpText('after', EXAMPLES)
  .action(async (input: string, raw: Record<string, unknown>, command: Command) => {
    const flags = parseOptions(optionsSchema, raw);
    const { settings } = await getCommandContext(command);
    const isRun = (await fs.stat(input).catch(() => undefined))?.isDirectory() === true;
    if (isRun) refuseModelFileFlags(input, flags);
    const result = isRun
      ? await runEvaluate({ runDir: input, settings, data: flags.data, limit: flags.limit })
      : await runEvaluateModelFile({ model: input, settings, dataset: flags.dataset, spec: flags.spec, data: flags.data, limit: flags.limit, outDir: flags.outDir, weights: flags.weights });
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printText(result);
  });

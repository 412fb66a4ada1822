import { Command } from 'commander';
import { z } from 'zod';
import { formatConfusionMatrix } from '../model/confusion.js';
import { runEvaluate } from '../train/run-evaluate.js';
import { getCommandContext } from './context.js';
import { integerFlag, parseOptions } from './options.js';

const optionsSchema = z.looseObject({ data: z.string().optional(), limit: integerFlag(1).optional(), json: z.boolean().optional() });

export const evaluateCommand = new Command('evaluate')
  .description("test loss, accuracy and confusion matrix of a finished run's model on its dataset's test set; writes confusion-matrix.png and misclassified.png into the run")
  .argument('<run-dir>', 'run directory written by kerasts train')
  .option('--data <dir>', 'directory holding the dataset files')
  .option('--limit <n>', 'evaluate on the first N test samples only')
  .option('--json', 'print the result as JSON')
  .addHelpText('after', '\nExample:\n  $ kerasts evaluate runs/mnist_cnn-20261128-101500')
  .action(async (runDir: string, raw: Record<string, unknown>, command: Command) => {
    const flags = parseOptions(optionsSchema, raw);
    const { settings } = await getCommandContext(command);
    const result = await runEvaluate({ runDir, settings, data: flags.data, limit: flags.limit });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    process.stdout.write(`Test loss: ${result.testLoss}\n`);
    if (result.testAccuracy !== undefined) process.stdout.write(`Test accuracy: ${result.testAccuracy}\n`);
    process.stdout.write(`\n${formatConfusionMatrix(result.confusion)}\n\nWrote ${result.pictures.confusionMatrix} and ${result.pictures.misclassified}\n`);
  });

import { Command } from 'commander';
import { runEvaluate } from '../train/run-evaluate.js';
import { getCommandContext } from './context.js';
import { positiveInteger } from './options.js';

export const evaluateCommand = new Command('evaluate')
  .description("test loss and accuracy of a finished run's model on its dataset's test set")
  .argument('<run-dir>', 'run directory written by kerasts train')
  .option('--data <dir>', 'directory holding the dataset files')
  .option('--limit <n>', 'evaluate on the first N test samples only', positiveInteger)
  .option('--json', 'print the result as JSON')
  .addHelpText('after', '\nExample:\n  $ kerasts evaluate runs/mnist_cnn-20261128-101500')
  .action(async (runDir: string, flags: { data?: string; limit?: number; json?: boolean }, command: Command) => {
    const { settings } = await getCommandContext(command);
    const result = await runEvaluate({ runDir, settings, data: flags.data, limit: flags.limit });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    process.stdout.write(`Test loss: ${result.testLoss}\n`);
    if (result.testAccuracy !== undefined) process.stdout.write(`Test accuracy: ${result.testAccuracy}\n`);
  });

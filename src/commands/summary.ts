import { Command } from 'commander';
import { formatSummary } from '../model/summary.js';
import { runSummary } from '../model/run-summary.js';
import { getCommandContext } from './context.js';

/** `kerasts summary [input] [--json]`: the Keras-style layer table of a spec, model.json or run. */
export const summaryCommand = new Command('summary')
  .description('print a Keras-style table of layers, output shapes and parameter counts')
  .argument('[input]', 'experiment spec, tfjs model.json, Keras model file (Keras 1 or 2 to_json(), HDF5 .h5, Keras 3 .keras), or run directory (default: the latest run under runs/)')
  .option('--json', 'print the summary as JSON')
  .option('--weights <file>', 'weights-only Keras HDF5 file (save_weights) for a Keras model JSON')
  .action(async (input: string | undefined, options: { json?: boolean; weights?: string }, command: Command) => {
    const { settings } = await getCommandContext(command);
    const summary = await runSummary({ input, imageDimOrdering: settings.image_dim_ordering, weights: options.weights });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  });

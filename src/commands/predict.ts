import { Command } from 'commander';
import { reportError } from '../errors.js';
import { runPredict } from '../train/run-evaluate.js';
import { getCommandContext } from './context.js';

/**
 * `kerasts predict digit.png` (no run) would otherwise say "missing argument 'images'" though
 * an image was given: the first argument is the run or model, so say that, with an example.
 */
class PredictCommand extends Command {
  missingArgument(name: string): never {
    if (name !== 'images') return super.error(`missing required argument '${name}'`, { code: 'commander.missingArgument' });
    const given = this.args.map((arg) => `'${arg}'`).join(' ');
    return this.error(
      `predict needs a run directory (or model file) first, then images. Received: only ${given}. Example: kerasts predict runs/mnist_cnn-20261128-101500 digit.png`,
      { code: 'commander.missingArgument' },
    );
  }
}

export const predictCommand = new PredictCommand('predict')
  .description("classify PNG and JPEG images with a finished run's model (any size; resized to the model's input); a folder means every image inside")
  .argument('<run-or-model>', 'run directory written by kerasts train, a tfjs model.json or its folder (e.g. written by kerasts convert), or a Keras model file')
  .argument('<images...>', 'PNG or JPEG files (grayscale or colour), or folders of them')
  .option('--weights <file>', 'weights-only Keras HDF5 file (save_weights) for a Keras model JSON')
  .option('--json', 'print the predictions as JSON')
  .addHelpText('after', '\nExample:\n  $ kerasts predict runs/mnist_cnn-20261128-101500 digit.png\n  $ kerasts predict runs/shapes-20261202-101500 photos-test/ --json\n  $ kerasts predict web/ digit.png                   # a tfjs folder from kerasts convert\n  $ kerasts predict model.json digit.png --weights model_weights.h5')
  .action(async (runDir: string, images: string[], flags: { json?: boolean; weights?: string }, command: Command) => {
    const { settings, verbose } = await getCommandContext(command);
    const { predictions, unreadable } = await runPredict({ runDir, images, settings, weights: flags.weights });
    if (flags.json) {
      if (predictions.length > 0 || unreadable.length === 0) process.stdout.write(`${JSON.stringify(predictions, null, 2)}\n`);
    } else {
      for (const p of predictions) {
        const label = p.className !== undefined && p.className !== String(p.classIndex) ? ` (${p.className})` : '';
        process.stdout.write(`${p.file}: class ${p.classIndex}${label}, probability ${p.probability.toFixed(4)}\n`);
      }
    }
    // Each unreadable image is its own line after the answers for the rest; any of them makes the exit code 2.
    for (const error of unreadable) process.exitCode = reportError(error, verbose);
  });

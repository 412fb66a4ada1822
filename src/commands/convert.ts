import { Command } from 'commander';
import { z } from 'zod';
import { CONVERT_TARGETS, describeConvert, runConvert } from '../model/convert.js';
import { RUNS_DIR } from '../run/layout.js';
import { getCommandContext } from './context.js';
import { parseOptions } from './options.js';

const optionsSchema = z.object({
  out: z.string().min(1, { message: 'must be a file or folder path' }),
  to: z.enum(CONVERT_TARGETS, { message: `must be ${CONVERT_TARGETS.join(', ')}` }).optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** `kerasts convert <input> --out <path> [--to tfjs|h5|keras]`: a model in another format. */
export const convertCommand = new Command('convert')
  .description('write a model as a tfjs layers folder, a Keras 2 HDF5 file (.h5) or a Keras 3 archive (.keras)')
  .argument('<input>', `run directory (under ${RUNS_DIR}/), tfjs model.json, Keras file (.h5, .keras, model.to_json()), or spec (built with freshly initialised weights)`)
  .requiredOption('--out <path>', 'where to write: m.h5 / m.hdf5 (Keras 2 HDF5), m.keras (Keras 3), anything else is a folder for model.json + weights.bin; its parent folder must exist')
  .option('--to <format>', `output format (${CONVERT_TARGETS.join(', ')}); follows from --out, and must agree with it when given`)
  .option('--force', 'replace an existing --out file, or the model files in an existing --out folder')
  .option('--json', 'print what was written (path, format, files, bytes, layers, params) as JSON')
  .addHelpText('after', `
Examples:
  $ kerasts convert runs/mnist_cnn-20261128-101500 --out mnist.h5        # Keras 2: keras.models.load_model('mnist.h5')
  $ kerasts convert runs/mnist_cnn-20261128-101500 --out mnist.keras     # Keras 3: keras.saving.load_model('mnist.keras')
  $ kerasts convert runs/mnist_cnn-20261128-101500/model.json --out web/ # tfjs: tf.loadLayersModel('web/model.json')
  $ kerasts convert configs/mnist_cnn.json --out untrained.h5            # a spec, freshly initialised
  $ kerasts convert mnist_keras1.h5 --out web/                           # a Keras 1/2 .h5 or Keras 3 .keras for tfjs
  $ kerasts convert runs/mnist_cnn-20261128-101500 --out mnist.h5 --force

Nothing is written when anything fails: files go through a temporary name and a rename.`)
  .action(async (input: string, raw: Record<string, unknown>, command: Command) => {
    const { json, force, ...options } = parseOptions(optionsSchema, raw);
    const { settings } = await getCommandContext(command);
    const result = await runConvert({ ...options, input, force: force === true, imageDimOrdering: settings.image_dim_ordering });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${describeConvert(result)}\n`);
  });

import { Command } from 'commander';
import { z } from 'zod';
import { RANKDIRS } from '../viz/diagram/dot.js';
import { DEFAULT_PLOT_DPI, DEFAULT_PLOT_OUT, describePlot, runPlot } from '../viz/diagram/run-plot.js';
import { RUNS_DIR } from '../run/layout.js';
import { getCommandContext } from './context.js';
import { integerFlag, parseOptions } from './options.js';

const optionsSchema = z.object({
  out: z.string().min(1, { message: 'must be a file path' }),
  showParams: z.boolean().optional(),
  rankdir: z.enum(RANKDIRS, { message: `must be ${RANKDIRS.join(' or ')}` }),
  dpi: integerFlag(1).optional(),
  json: z.boolean().optional(),
});

/** `kerasts plot [input] --out model.png|model.svg`: Keras's plot_model(show_shapes=True) diagram. */
export const plotCommand = new Command('plot')
  .description('draw the model as a diagram: one box per layer with its class and input/output shapes (PNG or SVG)')
  .argument('[input]', `experiment spec, model.json, Keras model JSON or run directory (default: the latest run under ${RUNS_DIR}/)`)
  .option('--out <file>', 'file to write, .png or .svg; its directory must exist', DEFAULT_PLOT_OUT)
  .option('--show-params', "add each layer's activation and parameter count")
  .option('--rankdir <dir>', `direction of the graph: TB top to bottom, LR left to right (${RANKDIRS.join(', ')})`, RANKDIRS[0])
  .option('--dpi <n>', `resolution of a PNG (default: ${DEFAULT_PLOT_DPI})`)
  .option('--json', 'print the path, format, size in pixels and bytes as JSON')
  .action(async (input: string | undefined, raw: Record<string, unknown>, command: Command) => {
    const { json, ...options } = parseOptions(optionsSchema, raw);
    const { settings } = await getCommandContext(command);
    const result = await runPlot({ ...options, input, imageDimOrdering: settings.image_dim_ordering });
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${describePlot(result)}\n`);
  });

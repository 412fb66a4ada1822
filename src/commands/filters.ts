import { initBackend } from '../backend/select.js';
import { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_GAP, MIN_TILE_PX, NORMALIZE_MODES } from '../viz/filter-grid.js';
import { DEFAULT_FILTERS_OUT, describeResult, specFileModel, runFilters, type FiltersOptions } from '../viz/run-filters.js';
import { INITIAL_MODEL_PATH, RUNS_DIR } from '../run/layout.js';
import { getCommandContext } from './context.js';
import { integerFlag, parseOptions } from './options.js';

/** The options as commander hands them over (strings), checked and converted. */
const optionsSchema = z.object({
  out: z.string().min(1, { message: 'must be a file path' }),
  layer: z.string().optional(),
  channel: integerFlag(0).optional(),
  rgb: z.boolean().optional(),
  cols: integerFlag(1).optional(),
  scale: integerFlag(1).optional(),
  gap: integerFlag(0).optional(),
  normalize: z.enum(NORMALIZE_MODES, { message: `must be ${NORMALIZE_MODES.join(' or ')}` }),
  compare: z.boolean().optional(),
  json: z.boolean().optional(),
  weights: z.string().optional(),
});

export const filtersCommand = new Command('filters')
  .description("draw a convolution layer's filters as a PNG grid (min-max scaled to 0-255 per filter)")
  .argument('[input]', `run directory, model.json, Keras model JSON or spec (default: the latest run under ${RUNS_DIR}/; a spec or a Keras JSON without weights draws freshly initialised filters)`)
  .option('--out <file>', 'PNG file to write; its directory must exist', DEFAULT_FILTERS_OUT)
  .option('--layer <name|index>', 'layer name, or index counting convolution layers only (default: the first Conv2D)')
  .option('--channel <i>', 'input channel to draw (default: 0)')
  .option('--rgb', 'draw each filter in colour from its 3 input channels (e.g. CIFAR-10)')
  .option('--cols <n>', 'tiles per row (default: near-square, 8 for 32 filters)')
  .option('--scale <n>', `pixels per weight, nearest-neighbour (default: a tile at least ${MIN_TILE_PX} px wide)`)
  .option('--gap <n>', `pixels of white between tiles (default: ${DEFAULT_GAP})`)
  .option('--normalize <mode>', `scale each filter by its own range or one range for all (${NORMALIZE_MODES.join(', ')})`, NORMALIZE_MODES[0])
  .option('--compare', `draw the initial (${INITIAL_MODEL_PATH} of the run) and trained filters side by side, on shared ranges`)
  .option('--json', 'print the grid geometry and per-filter min/max as JSON')
  .option('--weights <file>', 'weights-only Keras HDF5 file (save_weights) for a Keras model JSON')
  .action(async (input: string | undefined, raw: Record<string, unknown>, command: Command) => {
    const opts = parseOptions(optionsSchema, raw);
    const { json, ...drawOptions } = opts;
    // Drawing reads a few thousand weights: the pure-JS backend is plenty and needs no setup.
    await initBackend('cpu');
    const options: FiltersOptions = {
      ...drawOptions,
      input,
      // Settings matter only when building a spec (its image_dim_ordering); a saved model keeps its own.
      buildFromSpec: async (specPath) => specFileModel(specPath, (await getCommandContext(command)).settings.image_dim_ordering),
    };
    const result = await runFilters(options);
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${describeResult(result)}\n`);
  });

import { Command } from 'commander';
import { SETTING_KEYS } from '../settings/schema.js';
import { getCommandContext, type CommandContext } from './context.js';

/** The rows `kerasts config` shows: each setting, its value and where it came from. */
export function describeSettings(context: CommandContext): { key: string; value: unknown; source: string }[] {
  return SETTING_KEYS.map((key) => ({ key, value: context.settings[key], source: context.sources[key] }));
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const configCommand = new Command('config')
  .description('print the resolved settings and where each value came from')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    `
Settings are taken from, highest first: flags (--backend, --image-dim-ordering);
environment (KERASTS_BACKEND, KERASTS_IMAGE_DIM_ORDERING); a settings file
(--config or KERASTS_CONFIG, else .kerasts.json / .kerastsrc / .kerastsrc.json /
package.json "kerasts" found from the working directory upward, over ~/.kerasts.json);
built-in defaults.

Example:
  $ KERASTS_BACKEND=wasm kerasts config --json`,
  )
  .action(async (options: { json?: boolean }, command: Command) => {
    const context = await getCommandContext(command);
    const rows = describeSettings(context);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ settings: context.settings, sources: context.sources, files: context.files }, null, 2)}\n`);
      return;
    }
    const width = Math.max(...rows.map((row) => row.key.length));
    const valueWidth = Math.max(...rows.map((row) => formatValue(row.value).length));
    for (const row of rows) {
      process.stdout.write(`${row.key.padEnd(width)}  ${formatValue(row.value).padEnd(valueWidth)}  (${row.source})\n`);
    }
  });

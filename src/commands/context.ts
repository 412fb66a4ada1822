import type { Command } from 'commander';
import { resolveSettings, type ResolvedSettings } from '../settings/resolve.js';
import type { Settings } from '../settings/schema.js';

/** What every command needs from the program's global flags. */
export interface CommandContext {
  settings: Settings;
  sources: ResolvedSettings['sources'];
  files: string[];
  verbose: boolean;
}

/** Resolves settings from the global flags of the program that `command` belongs to. */
export async function getCommandContext(command: Command): Promise<CommandContext> {
  const globals = command.optsWithGlobals<{ backend?: string; imageDimOrdering?: string; config?: string; verbose?: boolean }>();
  const resolved = await resolveSettings({
    flags: { backend: globals.backend, imageDimOrdering: globals.imageDimOrdering, config: globals.config },
  });
  return { ...resolved, verbose: globals.verbose === true };
}

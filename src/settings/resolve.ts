import { homedir } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { UserError } from '../errors.js';
import { BACKEND_NAMES, DEFAULT_SETTINGS, IMAGE_DATA_FORMATS, IMAGE_DIM_ORDERINGS } from './constants.js';
import { findProjectSettings, loadSettingsFile, loadUserSettings, type LoadedSettingsFile } from './load.js';
import { SETTING_KEYS, type SettingKey, type Settings } from './schema.js';

/** Values given on the command line (commander's camelCase names). */
export interface SettingsFlags {
  backend?: string;
  imageDimOrdering?: string;
  config?: string;
}

export interface ResolveSettingsOptions {
  flags?: SettingsFlags;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  home?: string;
}

/** The resolved settings, and for each key where its value came from. */
export interface ResolvedSettings {
  settings: Settings;
  sources: Record<SettingKey, string>;
  /** Settings files that were read, highest precedence first. */
  files: string[];
}

type Layer = { origin: string; values: Partial<Settings> };

function checkChoice<T extends string>(value: string, allowed: readonly T[], origin: string, what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`${origin} must be ${what}. Received: "${value}".`, { code: 'SETTINGS_INVALID' });
}

/** The image ordering given as "tf"/"th" or as the Keras 2 "channels_last"/"channels_first". */
function parseOrdering(value: string, origin: string): Settings['image_dim_ordering'] {
  const synonym = (IMAGE_DATA_FORMATS as Record<string, Settings['image_dim_ordering']>)[value];
  return synonym ?? checkChoice(value, IMAGE_DIM_ORDERINGS, origin, '"tf" or "th" (or channels_last / channels_first)');
}

function commandLineLayer(flags: SettingsFlags): Layer {
  const values: Partial<Settings> = {};
  if (flags.backend !== undefined) values.backend = checkChoice(flags.backend, BACKEND_NAMES, '--backend', `one of ${BACKEND_NAMES.join(', ')}`);
  if (flags.imageDimOrdering !== undefined) values.image_dim_ordering = parseOrdering(flags.imageDimOrdering, '--image-dim-ordering');
  return { origin: 'flag', values };
}

function environmentLayer(env: NodeJS.ProcessEnv): Layer {
  const values: Partial<Settings> = {};
  const backend = env.KERASTS_BACKEND;
  if (backend) values.backend = checkChoice(backend, BACKEND_NAMES, 'environment variable KERASTS_BACKEND', `one of ${BACKEND_NAMES.join(', ')}`);
  const ordering = env.KERASTS_IMAGE_DIM_ORDERING;
  if (ordering) values.image_dim_ordering = parseOrdering(ordering, 'environment variable KERASTS_IMAGE_DIM_ORDERING');
  return { origin: 'env', values };
}

function describeSource(layer: Layer, key: SettingKey): string {
  if (layer.origin === 'flag') return key === 'backend' ? 'flag --backend' : 'flag --image-dim-ordering';
  if (layer.origin === 'env') return key === 'backend' ? 'env KERASTS_BACKEND' : 'env KERASTS_IMAGE_DIM_ORDERING';
  return layer.origin;
}

/**
 * Resolves settings from, highest first: command-line flags; environment variables; a settings
 * file (`--config`, else `KERASTS_CONFIG`, else the project file found from `cwd` upward over
 * `~/.kerasts.json`); built-in defaults. Nothing is read at import time.
 */
export async function resolveSettings(options: ResolveSettingsOptions = {}): Promise<ResolvedSettings> {
  const flags = options.flags ?? {};
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();

  const files: LoadedSettingsFile[] = [];
  const explicit = flags.config ?? env.KERASTS_CONFIG;
  if (explicit) {
    // An explicitly named file stands in for the discovered ones, as KERAS_HOME does for keras.json.
    const origin = flags.config !== undefined ? '--config' : 'KERASTS_CONFIG';
    files.push(await loadSettingsFile(resolvePath(cwd, explicit), origin));
  } else {
    const project = await findProjectSettings(cwd);
    const user = await loadUserSettings(home);
    if (project) files.push(project);
    if (user && user.path !== project?.path) files.push(user);
  }

  const layers: Layer[] = [
    commandLineLayer(flags),
    environmentLayer(env),
    ...files.map((file) => ({ origin: file.path, values: file.values })),
    { origin: 'default', values: { ...DEFAULT_SETTINGS, dataset_mirrors: {} } },
  ];

  const settings = {} as Record<SettingKey, unknown>;
  const sources = {} as Record<SettingKey, string>;
  for (const key of SETTING_KEYS) {
    const layer = layers.find((candidate) => candidate.values[key] !== undefined);
    if (!layer) continue;
    settings[key] = layer.values[key];
    sources[key] = describeSource(layer, key);
  }
  return { settings: settings as Settings, sources, files: files.map((file) => file.path) };
}

import { cosmiconfig, type Loader } from 'cosmiconfig';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseJsonFile } from '../util/json.js';
import { zodIssuesToUserError } from '../util/zod-error.js';
import { IMAGE_DATA_FORMATS, USER_SETTINGS_FILE } from './constants.js';
import { settingsFileSchema, type Settings } from './schema.js';

/** A settings file after validation, in the one vocabulary the rest of kerasts uses. */
export interface LoadedSettingsFile {
  path: string;
  values: Partial<Settings>;
}

const MODULE_NAME = 'kerasts';
/** The rc forms cosmiconfig looks for; all are read as JSON, so a settings file never runs code. */
export const PROJECT_SETTINGS_PLACES = ['package.json', '.kerasts.json', '.kerastsrc', '.kerastsrc.json'];

const jsonLoader: Loader = (filepath, content) => parseJsonFile(content, filepath);

function makeExplorer(stopDir?: string) {
  return cosmiconfig(MODULE_NAME, {
    searchPlaces: PROJECT_SETTINGS_PLACES,
    // Only JSON: cosmiconfig's defaults would also execute .js/.ts/.mjs and parse YAML.
    loaders: { '.json': jsonLoader, noExt: jsonLoader },
    searchStrategy: 'project',
    stopDir,
    cache: false,
  });
}

/** Validates raw file content and translates the Keras 2 synonym `image_data_format`. */
export function validateSettingsFile(raw: unknown, path: string): LoadedSettingsFile {
  const parsed = settingsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw zodIssuesToUserError(parsed.error.issues, { schema: settingsFileSchema, data: raw, file: path, code: 'SETTINGS_INVALID' });
  }
  const { image_data_format, ...rest } = parsed.data;
  const values: Partial<Settings> = { ...rest };
  if (image_data_format !== undefined) {
    const ordering = IMAGE_DATA_FORMATS[image_data_format];
    if (rest.image_dim_ordering !== undefined && rest.image_dim_ordering !== ordering) {
      throw new UserError(
        `image_dim_ordering and image_data_format must agree. Received: "${rest.image_dim_ordering}" and "${image_data_format}" (which means "${ordering}").`,
        { code: 'SETTINGS_CONFLICT', file: path, hint: 'Keep one of the two keys.' },
      );
    }
    values.image_dim_ordering = ordering;
  }
  return { path, values };
}

/** Loads one named settings file (`--config`, `KERASTS_CONFIG`); a missing file is an error. */
export async function loadSettingsFile(path: string, origin: string): Promise<LoadedSettingsFile> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new UserError(`the settings file named by ${origin} must exist. Received: ${path}.`, {
      code: 'SETTINGS_MISSING',
      file: path,
    });
  }
  const result = await makeExplorer().load(absolute);
  return validateSettingsFile(result?.config ?? {}, path);
}

/**
 * The project settings file found from `cwd` upward (`.kerasts.json`, `.kerastsrc`,
 * `.kerastsrc.json`, or the `kerasts` key of package.json), if any.
 */
export async function findProjectSettings(cwd: string): Promise<LoadedSettingsFile | undefined> {
  const result = await makeExplorer().search(cwd);
  if (!result || result.isEmpty) return undefined;
  return validateSettingsFile(result.config, result.filepath);
}

/** `~/.kerasts.json`, if present. */
export async function loadUserSettings(home: string): Promise<LoadedSettingsFile | undefined> {
  const path = join(home, USER_SETTINGS_FILE);
  if (!existsSync(path)) return undefined;
  return loadSettingsFile(path, '~/.kerasts.json');
}

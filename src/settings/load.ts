import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseJsonFile } from '../util/json.js';
import { MAX_JSON_BYTES } from '../util/limits.js';
import { readRegularFile } from '../util/read-file.js';
import { zodIssuesToUserError } from '../util/zod-error.js';
import { IMAGE_DATA_FORMATS, USER_SETTINGS_FILE } from './constants.js';
import { settingsFileSchema, type Settings } from './schema.js';

/** A settings file after validation, in the one vocabulary the rest of kerasts uses. */
export interface LoadedSettingsFile {
  path: string;
  values: Partial<Settings>;
}

/** Key of package.json that holds kerasts settings. */
const PACKAGE_KEY = 'kerasts';
/** The project settings files looked for in each folder, in this order; all are read as JSON. */
export const PROJECT_SETTINGS_PLACES = ['package.json', '.kerasts.json', '.kerastsrc', '.kerastsrc.json'];

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(() => true, () => false);
}

/**
 * Reads a settings file as JSON, whatever its name ends with: a settings file is data and
 * never runs code (cosmiconfig, which kerasts used before, executes .js/.ts files and parses
 * YAML). An empty file gives undefined: it holds no settings, and the search passes over it as
 * cosmiconfig's did.
 */
async function readSettingsJson(path: string, missing?: () => UserError): Promise<unknown> {
  const text = (await readRegularFile(path, { what: 'settings file', code: 'SETTINGS_INVALID', maxBytes: MAX_JSON_BYTES, missing })).toString('utf8');
  return text.trim() === '' ? undefined : parseJsonFile(text, path, 'SETTINGS_INVALID');
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

/** Loads one named settings file (`--config`, `KERASTS_CONFIG`) as JSON; a missing file is an error. */
export async function loadSettingsFile(path: string, origin: string): Promise<LoadedSettingsFile> {
  const missing = () => new UserError(`the settings file named by ${origin} must exist. Received: ${path}.`, { code: 'SETTINGS_MISSING', file: path });
  // Only ENOENT is "missing": a loop or a file in the middle of the path is said as such.
  return validateSettingsFile((await readSettingsJson(resolve(path), missing)) ?? {}, path);
}

/**
 * The project settings file found from `cwd` upward (`.kerasts.json`, `.kerastsrc`,
 * `.kerastsrc.json`, or the `kerasts` key of package.json), if any. The search stops at the
 * first folder holding a package.json, as cosmiconfig's "project" strategy does. kerasts walks
 * the folders itself: cosmiconfig loads its own meta configuration (`.config/config.js` in the
 * working directory) with its default loaders, executing it whatever options it is given.
 */
export async function findProjectSettings(cwd: string): Promise<LoadedSettingsFile | undefined> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of PROJECT_SETTINGS_PLACES) {
      const path = join(dir, place);
      if (!(await exists(path))) continue;
      const raw = await readSettingsJson(path);
      if (raw === undefined) continue;
      if (place === 'package.json') {
        const own = (raw as Record<string, unknown> | null)?.[PACKAGE_KEY];
        if (own === undefined) continue;
        return validateSettingsFile(own, path);
      }
      return validateSettingsFile(raw, path);
    }
    if ((await exists(join(dir, 'package.json'))) || dirname(dir) === dir) return undefined;
  }
}

/** `~/.kerasts.json`, if present. */
export async function loadUserSettings(home: string): Promise<LoadedSettingsFile | undefined> {
  const path = join(home, USER_SETTINGS_FILE);
  if (!(await exists(path))) return undefined;
  return loadSettingsFile(path, '~/.kerasts.json');
}

/** Reading one run-directory file: a missing, damaged or foreign file is one UserError line, exit 2. */
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { parseJsonFile } from '../util/json.js';
import { MAX_JSON_BYTES } from '../util/limits.js';
import { readRegularFile } from '../util/read-file.js';
import { zodIssuesToUserError } from '../util/zod-error.js';

/** The code of every error about a run directory's file that is not what kerasts wrote. */
export const RUN_FILE_INVALID = 'RUN_FILE_INVALID';

/**
 * The text of `path`: only a regular file of at most MAX_JSON_BYTES (a run directory's files
 * are small; a device or a huge foreign file would otherwise be read until memory ran out).
 * A missing file or a directory is the user's mistake (a directory that is not a run).
 */
export async function readRunText(path: string): Promise<string> {
  const notWritten = (received: string) =>
    new UserError(`must be a file written by kerasts train. Received: ${received}.`, { code: RUN_FILE_INVALID, file: path });
  const bytes = await readRegularFile(path, {
    what: 'run file',
    maxBytes: MAX_JSON_BYTES,
    code: RUN_FILE_INVALID,
    missing: () => notWritten('nothing (no such file)'),
  });
  return bytes.toString('utf8');
}

/** Parses `raw` (already read from `file`) with `schema`; a mismatch names the JSON path. */
export function parseRunJson<S extends z.ZodType>(raw: unknown, schema: S, file: string): z.output<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) throw zodIssuesToUserError(result.error.issues, { schema, data: raw, file, code: RUN_FILE_INVALID });
  return result.data;
}

/** Reads a JSON file of a run directory and validates it against `schema`. */
export async function readRunJson<S extends z.ZodType>(path: string, schema: S, upgrade: (raw: unknown) => unknown = (raw) => raw): Promise<z.output<S>> {
  const raw = parseJsonFile(await readRunText(path), path, RUN_FILE_INVALID);
  return parseRunJson(upgrade(raw), schema, path);
}

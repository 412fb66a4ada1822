/** Reading one run-directory file: a missing, damaged or foreign file is one UserError line, exit 2. */
import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { RuntimeFailure, UserError } from '../errors.js';
import { parseJsonFile } from '../util/json.js';
import { zodIssuesToUserError } from '../util/zod-error.js';

/** The code of every error about a run directory's file that is not what kerasts wrote. */
export const RUN_FILE_INVALID = 'RUN_FILE_INVALID';

/** The text of `path`; a missing file is the user's mistake (a directory that is not a run). */
export async function readRunText(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new UserError(`must be a file written by kerasts train. Received: ${code === 'EISDIR' ? 'a directory' : 'nothing (no such file)'}.`, {
        code: RUN_FILE_INVALID,
        file: path,
      });
    }
    throw new RuntimeFailure(`Could not read ${path}: ${(error as Error).message}`, { file: path });
  }
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

import type { z } from 'zod';
import { UserError } from '../errors.js';

/** Renders a zod issue path as a JSON path: `model.layers[2].filters`. */
export function formatJsonPath(path: ReadonlyArray<PropertyKey>, root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Looks up the value a zod issue is about, so the message can say what was received. */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Turns the first zod issue into one UserError line naming the file and JSON path,
 * what is allowed and what was received; further issues are counted, not hidden.
 */
export function zodErrorToUserError(
  error: z.ZodError,
  input: unknown,
  file: string,
  code: string,
  knownKeys?: (path: ReadonlyArray<PropertyKey>) => readonly string[] | undefined,
): UserError {
  const [first] = error.issues;
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  let path: ReadonlyArray<PropertyKey> = first.path;
  if (first.code === 'unrecognized_keys') {
    const keys = (first as { keys: string[] }).keys;
    path = [...first.path, keys[0]];
    const allowed = knownKeys?.(first.path);
    const hint = allowed ? `Allowed keys: ${allowed.join(', ')}.` : undefined;
    return new UserError(`${formatJsonPath(path)} is not a known key.${more}`, { code, file, hint });
  }
  const received = describeReceived(valueAt(input, path));
  return new UserError(`${formatJsonPath(path)}: ${first.message}. Received: ${received}.${more}`, { code, file });
}

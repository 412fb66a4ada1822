import type { z } from 'zod';
import { UserError } from '../errors.js';
import { didYouMean } from './suggest.js';

/**
 * Turns zod issues into one UserError line in the Keras shape, for settings and specs alike:
 * `spec.json: model.layers[2].config.filters must be a positive integer. Received: -32.`
 */

/** Renders a zod issue path as a JSON path: `model.layers[2].filters`. */
export function formatJsonPath(path: ReadonlyArray<PropertyKey>, root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const atRootWrongType = (branch: Issue[]) =>
  branch.length > 0 && branch.every((issue) => issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value'));

const samePath = (a: ReadonlyArray<PropertyKey>, b: ReadonlyArray<PropertyKey>) =>
  a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * Picks the issue to report. A misspelt key shows up as "x is missing" plus "y is not a
 * known key" on the same object; the unknown key is the cause, so it goes first. A union
 * reports every branch's failure; the useful one is the branch whose type matched (an
 * object with a bad field, rather than "expected string"), so it descends into that
 * branch, with paths made absolute, and stays on the union's own issue when none matched.
 */
function pickIssue(issues: readonly Issue[]): Issue {
  const [first] = issues;
  const parent = first.path.slice(0, -1);
  const unknownKey = issues.find((issue) => issue.code === 'unrecognized_keys' && samePath(issue.path, parent));
  const issue = unknownKey ?? first;
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const matching = issue.errors.find((branch) => !atRootWrongType(branch));
  if (!matching) return issue;
  return pickIssue(matching.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as Issue));
}

/** Unwraps optional/default/pipe/union wrappers to the object schema at `path`, if any. */
function objectKeysAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>, data: unknown): string[] | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return objectKeysAt(def.innerType as AnySchema, path, data);
    case 'pipe':
      return objectKeysAt(def.in as AnySchema, path, data);
    case 'union': {
      for (const option of def.options as AnySchema[]) {
        const optionDef = option._zod.def as unknown as { type: string; shape?: Record<string, AnySchema> };
        if (optionDef.type !== 'object' || typeof data !== 'object' || data === null) continue;
        // For a discriminated union, take the option whose literal class_name matches the data.
        const discriminator = def.discriminator as string | undefined;
        if (discriminator) {
          const literal = optionDef.shape?.[discriminator]?._zod.def as unknown as { values?: unknown[] } | undefined;
          if (!literal?.values?.includes((data as Record<string, unknown>)[discriminator])) continue;
        }
        return objectKeysAt(option, path, data);
      }
      return undefined;
    }
    case 'array':
      return path.length === 0 ? undefined : objectKeysAt(def.element as AnySchema, path.slice(1), valueAt(data, path.slice(0, 1)));
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      if (path.length === 0) return Object.keys(shape);
      const child = shape[String(path[0])];
      return child ? objectKeysAt(child, path.slice(1), valueAt(data, path.slice(0, 1))) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Further issues after the reported one, named by where they are ("(+2 more: at dataset,
 * model)"), so the count is not read as more allowed keys; a long list ends with "...".
 */
function moreProblems(issues: readonly Issue[], reported: Issue, where: (path: ReadonlyArray<PropertyKey>) => string): string {
  const others = issues.filter((issue) => issue !== reported && !(issue.code === reported.code && samePath(issue.path, reported.path)));
  const rest = issues.length - 1;
  if (rest <= 0) return '';
  const places = [...new Set(others.map((issue) => where(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path)))];
  if (places.length === 0) return ` (+${rest} more)`;
  const shown = places.length > 4 ? [...places.slice(0, 4), '...'] : places;
  return ` (+${rest} more: at ${shown.join(', ')})`;
}

/** The first issue as one UserError; further issues are counted and located as "(+N more: at ...)", not hidden. */
export function zodIssuesToUserError(
  issues: readonly Issue[],
  options: {
    schema: AnySchema;
    data: unknown;
    file: string;
    code: string;
    /** Maps a path in the validated data back to what the user wrote (e.g. Keras 1 keys). */
    userPath?: (path: ReadonlyArray<PropertyKey>) => ReadonlyArray<PropertyKey>;
    /** Other spellings the object at a path also takes (Keras 1 keys), for "Did you mean" and the allowed-keys list. */
    otherKeys?: (path: ReadonlyArray<PropertyKey>) => readonly string[];
  },
): UserError {
  const { schema, data, file, code, userPath = (path) => path, otherKeys = () => [] } = options;
  const issue = pickIssue(issues);
  const where = (path: ReadonlyArray<PropertyKey>) => formatJsonPath(userPath(path));
  const more = moreProblems(issues, issue, where);
  const details = { code, file };

  if (issue.code === 'unrecognized_keys') {
    const [key] = issue.keys;
    const allowed = objectKeysAt(schema, issue.path, data) ?? [];
    const others = otherKeys(issue.path).filter((other) => !allowed.includes(other));
    const suggestion = didYouMean(key, [...allowed, ...others]);
    // A Keras 1 spec (nb_filter, nb_row) needs its own spellings listed, not only the Keras 2 ones.
    const alsoTaken = others.length > 0 ? ` Keras 1 names also taken: ${others.join(', ')}.` : '';
    const hint = suggestion || (allowed.length > 0 ? ` Allowed keys: ${allowed.join(', ')}.${alsoTaken}` : '');
    return new UserError(`${where([...issue.path, key])} is not a known key.${hint}${more}`, details);
  }
  const received = valueAt(data, issue.path);
  const message = issue.message.replace(/\.$/, '');
  if (received === undefined && issue.path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    // zod's own wording ("Invalid input: expected object...") adds nothing to "is missing".
    const requirement = /^Invalid input/.test(message) ? '' : `; it ${message}`;
    return new UserError(`${where(issue.path)} is missing${requirement}.${more}`, details);
  }
  let suggestion = '';
  if (typeof received === 'string') {
    const values = issue.code === 'invalid_value' ? issue.values : issue.code === 'invalid_union' ? issue.errors.flat().flatMap((i) => (i.code === 'invalid_value' ? i.values : [])) : [];
    suggestion = didYouMean(received, values.map(String));
  }
  return new UserError(`${where(issue.path)} ${message}. Received: ${describe(received)}.${suggestion}${more}`, details);
}

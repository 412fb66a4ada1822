import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { MAX_WORKERS } from '../util/limits.js';
import { mirrorUrlProblem } from '../util/mirror-url.js';
import { didYouMean } from '../util/suggest.js';

/**
 * Option checking shared by the commands: commander hands every option over as the string
 * typed (no parser functions), and one zod schema per command checks and converts them all,
 * so each command's options are described in one place and every mistake reads the same.
 */

/**
 * A decimal integer flag of at least `least`. Digits only: `Number("0x10")` is 16,
 * `Number("1e3")` 1000 and `Number(" 7 ")` 7, none of which the user meant as a count.
 */
export function integerFlag(least: 0 | 1) {
  const message = least === 0 ? 'must be a non-negative integer (decimal digits only)' : 'must be a positive integer (decimal digits only)';
  return z
    .string()
    .regex(/^\d+$/, { message })
    .transform(Number)
    .refine((n) => n >= least && Number.isSafeInteger(n), { message });
}

/** A dataset mirror base URL flag: http or https, checked before anything is downloaded. */
export const mirrorFlag = z.string().superRefine((value, context) => {
  const problem = mirrorUrlProblem(value);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

/** `batchSize` -> `--batch-size`: how the user typed the option. */
function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Checks a command's options with its schema; the first mistake is one UserError line
 * (exit 2): `--epochs: must be a positive integer (decimal digits only). Received: "0x10".`
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0]);
  const received = raw[key];
  // A misspelt choice (`--dataset mnst`) is answered with the nearest one.
  const suggestion = issue.code === 'invalid_value' && typeof received === 'string' ? didYouMean(received, issue.values.map(String)) : '';
  throw new UserError(`${issue.message}. Received: ${JSON.stringify(received)}.${suggestion}`, { code: 'BAD_OPTION', location: flagName(key) });
}

/** How many gradient threads to start for `requested`, and why fewer, if so. */
export interface WorkerCount {
  workers: number;
  notice?: string;
}

/**
 * Caps `--workers` at what can help: the cores (each replica runs one backend on one
 * thread, so extra threads only compete for the same cores, and 1000 of them load the
 * machine for minutes), the samples in a batch (each worker computes a shard of at least one
 * row) and {@link MAX_WORKERS}.
 */
export function capWorkers(requested: number, options: { cores?: number; batchSize?: number } = {}): WorkerCount {
  const cores = options.cores ?? availableParallelism();
  const limits: [number, string][] = [
    [cores, `the ${cores} cores`],
    [options.batchSize ?? Infinity, `the batch size ${options.batchSize}`],
    [MAX_WORKERS, `kerasts's limit of ${MAX_WORKERS}`],
  ];
  const [cap, why] = limits.reduce((low, limit) => (limit[0] < low[0] ? limit : low));
  if (requested <= cap) return { workers: requested };
  return { workers: cap, notice: `--workers ${requested} is more than ${why}; using ${cap} (more threads cannot share the work).` };
}

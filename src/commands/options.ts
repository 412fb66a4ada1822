import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a positive integer option (`--epochs 3`). */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`must be a positive integer. Received: ${value}.`);
  return parsed;
}

/** Commander argument parser for a non-negative integer option (`--seed 0`). */
export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`must be a non-negative integer. Received: ${value}.`);
  return parsed;
}

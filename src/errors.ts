/**
 * The one error type for mistakes in the user's input (settings, spec, data
 * files, arguments). The edge prints it as one line and exits with `exitCode`.
 */
export interface UserErrorDetails {
  /** Short machine-readable code, e.g. `SPEC_INVALID`, `DATA_TRUNCATED`. */
  code?: string;
  /** The file the mistake is in, as the user named it. */
  file?: string;
  /** JSON path (`model.layers[2].filters`) or byte offset (`byte 16`). */
  location?: string;
  /** What to do about it. */
  hint?: string;
  /** 2 for bad input (the default), 1 for failures outside the user's input. */
  exitCode?: number;
}

export class UserError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly location?: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(message: string, details: UserErrorDetails = {}) {
    super(message);
    this.name = 'UserError';
    this.code = details.code ?? 'BAD_INPUT';
    this.file = details.file;
    this.location = details.location;
    this.hint = details.hint;
    this.exitCode = details.exitCode ?? 2;
  }

  /** The single line shown to the user: `file: location: message hint`. */
  toLine(): string {
    const where = [this.file, this.location].filter((part) => part !== undefined && part !== '');
    const prefix = where.length > 0 ? `${where.join(': ')}: ` : '';
    const hint = this.hint ? ` ${this.hint}` : '';
    return `${prefix}${this.message}${hint}`.replace(/\s*\n\s*/g, ' ');
  }
}

/** A failure that is not the user's input (network, disk, internal): exit code 1. */
export class RuntimeFailure extends UserError {
  constructor(message: string, details: Omit<UserErrorDetails, 'exitCode'> = {}) {
    super(message, { ...details, code: details.code ?? 'FAILED', exitCode: 1 });
    this.name = 'RuntimeFailure';
  }
}

/** Exit code used when training is interrupted with Ctrl-C, as shells do for SIGINT. */
export const EXIT_INTERRUPTED = 130;

/** Prints an error as one line on stderr (stack only when verbose) and returns the exit code. */
export function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof UserError) {
    process.stderr.write(`kerasts: ${error.toLine()}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kerasts: ${message.split('\n')[0]}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('kerasts: run with --verbose for the stack trace\n');
  return 1;
}

/**
 * A commander usage error (unknown option or command, missing argument, with commander's
 * "Did you mean" on a line of its own) as the one `kerasts: ...` line every other bad input
 * gets, ending with where the usage is: `commandPath` as typed, e.g. "kerasts datasets fetch".
 */
export function usageErrorLine(text: string, commandPath: string): string {
  const parts = text
    .replace(/^error: /, '')
    .split('\n')
    .map((line) => line.trim().replace(/^\((.*)\)$/, '$1'))
    .filter((line) => line !== '')
    .map((line) => (/[.?!]$/.test(line) ? line : `${line}.`));
  return `kerasts: ${[...parts, `See ${commandPath} --help.`].join(' ')}\n`;
}

/** Training stopped by Ctrl-C after writing its checkpoint; exits 130. */
export class Interrupted extends UserError {
  constructor(message: string) {
    super(message, { code: 'INTERRUPTED', exitCode: EXIT_INTERRUPTED });
    this.name = 'Interrupted';
  }
}

import { ParseErrorCode, visit, type JSONPath } from 'jsonc-parser';
import { UserError } from '../errors.js';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from './limits.js';
import { readRegularFile, type ReadFileOptions } from './read-file.js';
import { formatJsonPath } from './zod-error.js';

/** 1-based line and column of a character offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** What the parser wanted where it stopped, by jsonc-parser's error code. */
const EXPECTED: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'expected a value (object, array, string, number, true, false or null)',
  [ParseErrorCode.InvalidNumberFormat]: 'expected a number such as 3, -0.5 or 1e-7',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: 'expected ":" after the property name',
  [ParseErrorCode.CommaExpected]: 'expected "," between items',
  [ParseErrorCode.CloseBraceExpected]: 'expected "}" or ","',
  [ParseErrorCode.CloseBracketExpected]: 'expected "]" or ","',
  [ParseErrorCode.EndOfFileExpected]: 'expected the end of the file after the top-level value',
  [ParseErrorCode.InvalidCommentToken]: 'expected no comments',
  [ParseErrorCode.UnexpectedEndOfComment]: 'expected no comments',
  [ParseErrorCode.UnexpectedEndOfString]: 'expected a closing double quote',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'expected digits',
  [ParseErrorCode.InvalidUnicode]: 'expected four hex digits after \\u',
  [ParseErrorCode.InvalidEscapeCharacter]: 'expected an escape such as \\n, \\" or \\u0041',
  [ParseErrorCode.InvalidCharacter]: 'expected no control characters inside a string',
};

type Problem = { offset: number; message: string };

/** Offset of the first character of the string token at `start` that `bad` matches, for errors jsonc-parser puts at the token's start. */
function inString(text: string, start: number, bad: RegExp): number {
  const match = bad.exec(text.slice(start + 1));
  return match === null ? start : start + 1 + match.index;
}

/**
 * A character as an error shows it: a binary file decodes to U+FFFD, which a terminal draws
 * as a box, so that is named; other non-ASCII characters get their code point beside them.
 */
function describeCharacter(char: string): string {
  if (char === '\uFFFD') return 'bytes that are not UTF-8 text (is it a binary file?)';
  const code = char.codePointAt(0)!;
  return code > 0x7e ? `${JSON.stringify(char)} (U+${code.toString(16).toUpperCase().padStart(4, '0')})` : JSON.stringify(char);
}

/** The syntax problem at `offset`, worded as what was expected there and what was found. */
function syntaxProblem(text: string, error: ParseErrorCode, at: number, topLevelDone: boolean): Problem {
  let offset = at;
  let expected = EXPECTED[error] ?? 'expected valid JSON';
  if (error === ParseErrorCode.InvalidCharacter) offset = inString(text, at, /[\u0000-\u001f]/);
  if (error === ParseErrorCode.InvalidEscapeCharacter) offset = inString(text, at, /\\[^"\\/bfnrtu]/) + 1;
  // jsonc-parser closes an unterminated object or array at the end of the file before it
  // reports it, so "top level done" is true there too: the missing bracket is the problem then.
  const unclosed = error === ParseErrorCode.CloseBraceExpected || error === ParseErrorCode.CloseBracketExpected;
  if (topLevelDone && !unclosed) expected = EXPECTED[ParseErrorCode.EndOfFileExpected]!;
  const previous = text.slice(0, at).trimEnd();
  if ((error === ParseErrorCode.ValueExpected || error === ParseErrorCode.PropertyNameExpected) && previous.endsWith(',')) {
    expected = `${expected} after ",": trailing commas are not allowed`;
  }
  const found = text.length === 0 ? 'an empty file' : offset >= text.length ? 'the end of the file' : describeCharacter(text[offset]!);
  return { offset, message: `must be valid JSON: ${expected}. Received: ${found}` };
}

/** Stops the visit at the first problem; the visitor's callbacks cannot return one. */
class Stop extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/**
 * The first problem in `text` as strict JSON (RFC 8259: no comments, no trailing commas),
 * or past kerasts's limits: nesting deeper than {@link MAX_JSON_DEPTH}, or a number that
 * overflows a double (`1e400`, which JSON.parse would silently turn into Infinity).
 */
function findProblem(text: string): Problem | undefined {
  let depth = 0;
  let topLevelDone = false;
  const open = (offset: number): void => {
    depth += 1;
    // Checked on the way in, so the recursive parser never goes deeper than the limit.
    if (depth > MAX_JSON_DEPTH) throw new Stop({ offset, message: `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep. Received: a deeper one` });
  };
  const close = (): void => {
    depth -= 1;
    topLevelDone = depth === 0;
  };
  try {
    visit(
      text,
      {
        onObjectBegin: open,
        onArrayBegin: open,
        onObjectEnd: close,
        onArrayEnd: close,
        onLiteralValue(value: unknown, offset: number, length: number, _line: number, _column: number, path: () => JSONPath) {
          if (typeof value === 'number' && !Number.isFinite(value)) {
            const where = formatJsonPath(path());
            throw new Stop({ offset, message: `${where} must be a finite number. Received: ${text.slice(offset, offset + length)}, which is too large for a 64-bit float` });
          }
          topLevelDone = depth === 0;
        },
        onError(error: ParseErrorCode, offset: number) {
          throw new Stop(syntaxProblem(text, error, offset, topLevelDone));
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    throw error;
  }
  return undefined;
}

/**
 * Parses strict JSON, turning any problem into a UserError that names the file, the line and
 * column, and what was expected there. jsonc-parser finds the position (V8's JSON.parse gives
 * one only for some errors, in wording that changes between versions); JSON.parse then builds
 * the value, because it keeps a `"__proto__"` key as data where jsonc-parser's `parse` would
 * assign it as the object's prototype.
 */
export function parseJsonFile(text: string, file: string, code = 'NOT_JSON'): unknown {
  // A byte-order mark is not JSON, but editors on Windows write one; Node's require() skips it too.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const problem = findProblem(body);
  if (problem !== undefined) {
    const { line, column } = lineColumnAt(body, problem.offset);
    throw new UserError(`${problem.message}.`, {
      code,
      file,
      location: `line ${line}, column ${column}`,
      hint: problem.message.startsWith('must be valid JSON') ? 'Settings, specs and model files are plain JSON (no comments, no trailing commas).' : undefined,
    });
  }
  return JSON.parse(body);
}

/**
 * Reads and parses a JSON input file: a regular file of at most {@link MAX_JSON_BYTES}
 * (see {@link readRegularFile}), strict JSON as {@link parseJsonFile} checks it. `code` is for
 * a file that cannot be read, `jsonCode` for one that is not JSON.
 */
export async function readJsonFile(path: string, options: Omit<ReadFileOptions, 'maxBytes'> & { jsonCode?: string }): Promise<unknown> {
  const bytes = await readRegularFile(path, { maxBytes: MAX_JSON_BYTES, ...options });
  return parseJsonFile(bytes.toString('utf8'), path, options.jsonCode);
}

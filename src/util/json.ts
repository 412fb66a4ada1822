import { UserError } from '../errors.js';

/** 1-based line and column of a character offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * Parses JSON, turning a syntax error into a UserError that names the file and the
 * line and column, which JSON.parse alone reports only as a character offset.
 */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const { line, column } = lineColumnAt(text, offset);
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/,\s*".*" is not valid JSON$/s, '');
    throw new UserError(`must be valid JSON. Received: ${reason}.`, {
      code: 'NOT_JSON',
      file,
      location: `line ${line}, column ${column}`,
      hint: 'Settings and specs are plain JSON (no comments, no trailing commas).',
    });
  }
}

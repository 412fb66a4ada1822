import { UserError } from '../errors.js';

/** 1-based line and column of a character offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * Offset of the first character where `text` stops being valid JSON. V8 reports a
 * position only for some syntax errors ("Unexpected token ']', ...is not valid JSON" has
 * none), so a small recursive-descent pass finds it for the rest.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  class Stop extends Error {}
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const expect = (ok: boolean) => { if (!ok) throw new Stop(); };
  const literal = (word: string) => { for (const ch of word) { expect(text[i] === ch); i++; } };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      expect(text.charCodeAt(i) >= 0x20);
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') { for (let k = 1; k <= 4; k++) expect(/[0-9a-fA-F]/.test(text[i + k] ?? '')); i += 4; }
        else expect('"\\/bfnrt'.includes(text[i] ?? 'x'));
      }
      i++;
    }
    expect(text[i] === '"');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    expect(match !== null && match[0] !== '-');
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); expect(text[i] === '"'); string(); ws(); expect(text[i] === ':'); i++; value(); ws();
        if (text[i] === ',') { i++; continue; }
        expect(text[i] === '}'); i++; return;
      }
    }
    if (ch === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        expect(text[i] === ']'); i++; return;
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    number();
  };
  try {
    value(); ws();
    expect(i === text.length);
    return text.length;
  } catch (error) {
    if (error instanceof Stop) return Math.min(i, text.length);
    throw error;
  }
}

/**
 * Parses JSON, turning a syntax error into a UserError that names the file and the line
 * and column, which JSON.parse reports only as an offset, and only for some errors.
 */
export function parseJsonFile(text: string, file: string, code = 'NOT_JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : jsonErrorOffset(text);
    const { line, column } = lineColumnAt(text, offset);
    const found = text.length === 0 ? 'an empty file' : offset >= text.length ? 'the end of the file' : JSON.stringify(text[offset]);
    throw new UserError(`must be valid JSON. Received: ${found}.`, {
      code,
      file,
      location: `line ${line}, column ${column}`,
      hint: 'Settings, specs and model files are plain JSON (no comments, no trailing commas).',
    });
  }
}

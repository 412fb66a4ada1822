import { extname } from 'node:path';
import { UserError } from '../errors.js';

/**
 * The extension of `--out` (lower case, with its dot) when it is one of `allowed`; anything
 * else is exit 2 naming the allowed ones, so a file is never written under a name that lies
 * about its bytes. `hints` says, per wrong extension, which command writes that kind of file.
 */
export function outExtension<E extends string>(out: string, allowed: readonly E[], hints: Partial<Record<string, string>> = {}): E {
  const ext = extname(out).toLowerCase();
  if ((allowed as readonly string[]).includes(ext)) return ext as E;
  throw new UserError(`must end in ${allowed.join(' or ')}. Received: ${out}.`, { code: 'BAD_OPTION', location: '--out', hint: hints[ext] });
}

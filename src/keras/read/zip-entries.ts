/**
 * Chosen entries of a zip held in memory, with the zip's central directory checked first:
 * the entry count and the total uncompressed size the directory declares are bounded before
 * anything is inflated, and fflate inflates each entry into a buffer of exactly its declared
 * size, so a zip bomb cannot take more memory than the limits allow.
 */
import { unzipSync } from 'fflate';
import { UserError } from '../../errors.js';
import { MAX_KERAS_ARCHIVE_BYTES, MAX_KERAS_ARCHIVE_ENTRIES } from '../../util/limits.js';
import { formatLimit } from '../../util/read-file.js';

export interface ZipListing {
  names: string[];
  entries: Record<string, Uint8Array>;
}

/** Thrown from fflate's filter to stop reading the directory at the first entry too many. */
class TooMany extends Error {}

function bad(file: string, what: string, received: string): UserError {
  return new UserError(`the ${what} must be a zip archive of at most ${MAX_KERAS_ARCHIVE_ENTRIES} entries and ${formatLimit(MAX_KERAS_ARCHIVE_BYTES)} uncompressed. Received: ${received}.`, {
    code: 'KERAS_ARCHIVE_INVALID',
    file,
  });
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Lists the zip's entries from its directory, refusing too many or too large a total, inflating nothing. */
function list(bytes: Uint8Array, file: string, what: string): string[] {
  const names: string[] = [];
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        names.push(entry.name);
        total += entry.originalSize;
        if (names.length > MAX_KERAS_ARCHIVE_ENTRIES) throw new TooMany();
        return false;
      },
    });
  } catch (error) {
    if (error instanceof TooMany) throw bad(file, what, `more than ${MAX_KERAS_ARCHIVE_ENTRIES} entries`);
    throw bad(file, what, `not a readable zip (${reason(error)})`);
  }
  if (total > MAX_KERAS_ARCHIVE_BYTES) throw bad(file, what, `entries declaring ${total} bytes uncompressed`);
  return names;
}

/** The entries named in `wanted` that the zip has (inflated), and the names of all its entries. */
export function readZipEntries(bytes: Uint8Array, file: string, what: string, wanted: string[]): ZipListing {
  const names = list(bytes, file, what);
  try {
    const entries = unzipSync(bytes, { filter: (entry) => wanted.includes(entry.name) });
    return { names, entries };
  } catch (error) {
    throw bad(file, what, `a damaged entry (${reason(error)})`);
  }
}

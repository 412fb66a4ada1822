import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RuntimeFailure } from '../errors.js';

/** One progress report for a file being downloaded. */
export interface DownloadProgress {
  file: string;
  url: string;
  received: number;
  /** Size from Content-Length or the registry, when known. */
  total?: number;
  /** Seconds since this attempt started. */
  seconds: number;
  done: boolean;
}

/** Knobs of the download loop; tests shrink the delays. */
export interface DownloadOptions {
  /** Further attempts per mirror after the first, for transient failures (5xx, resets, timeouts). */
  retries: number;
  /** Delay before the first retry; doubled for each one after (exponential backoff). */
  backoffMs: number;
  /** An attempt is abandoned when no bytes arrive for this long. */
  timeoutMs: number;
  onProgress?: (progress: DownloadProgress) => void;
}

export const DEFAULT_DOWNLOAD_OPTIONS: DownloadOptions = { retries: 2, backoffMs: 1000, timeoutMs: 30_000 };

/** What to fetch: the same file from several mirrors, tried in order. */
export interface DownloadRequest {
  urls: string[];
  /** Final path; written only once the bytes are whole and verified. */
  dest: string;
  /** Expected SHA-256 (hex); when absent only completeness is checked. */
  sha256?: string;
  /** Expected size, used for the progress bar when the server sends no length. */
  size?: number;
}

/**
 * Why an attempt failed: `network` when no server answered or the connection broke (refused,
 * unknown host, reset, silence), `http` for an error status, `verify` for wrong bytes.
 */
export type FailureKind = 'network' | 'http' | 'verify';

/** An attempt's failure; `retry` says whether the same URL is worth trying again. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

/** A download that failed on every mirror; `unreachable` when every mirror failed for a network reason. */
export class DownloadFailed extends RuntimeFailure {
  constructor(
    message: string,
    hint: string,
    readonly unreachable: boolean,
    /** `<url>: <why>` for each mirror tried. */
    readonly reasons: string[],
  ) {
    super(message, { code: 'DOWNLOAD_FAILED', hint });
    this.name = 'DownloadFailed';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The socket error code undici hides in `cause` (ECONNREFUSED, ENOTFOUND, ...). */
function causeCode(error: unknown): string | undefined {
  return (error as { cause?: { code?: string } }).cause?.code;
}

/** Why a fetch threw, in a few words. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return cause?.message ?? (error as Error).message ?? String(error);
}

/** One attempt: streams the body to `temp` while hashing; throws AttemptError on any failure. */
async function attempt(url: string, temp: string, request: DownloadRequest, options: DownloadOptions): Promise<void> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  // Restarted on every chunk: the timeout is for silence, not for the whole download.
  const idle = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  idle();
  const started = Date.now();
  const file = basename(request.dest);
  const out = createWriteStream(temp);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  closed.catch(() => undefined); // awaited below; this only keeps an early error from being "unhandled"
  try {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'follow', signal: controller.signal });
    } catch (error) {
      // An unknown host stays unknown a second later; every other failure may be transient.
      throw new AttemptError(timedOut ? `no response within ${options.timeoutMs} ms` : describe(error), causeCode(error) !== 'ENOTFOUND', 'network');
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      // 4xx (other than timeouts and rate limits) will not change on a retry; 5xx may.
      const retry = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new AttemptError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, retry, 'http');
    }
    const header = Number(response.headers.get('content-length'));
    const total = Number.isFinite(header) && header > 0 ? header : request.size;
    const hash = createHash('sha256');
    let received = 0;
    let lastReport = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        idle();
        hash.update(chunk);
        received += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        const now = Date.now();
        if (options.onProgress && now - lastReport >= 100) {
          lastReport = now;
          options.onProgress({ file, url, received, total, seconds: (now - started) / 1000, done: false });
        }
      }
    } catch (error) {
      const why = timedOut ? `no data for ${options.timeoutMs} ms` : describe(error);
      throw new AttemptError(`connection failed after ${received} bytes: ${why}`, true, 'network');
    }
    out.end();
    await closed;
    if (Number.isFinite(header) && header > 0 && received !== header) {
      throw new AttemptError(`connection closed after ${received} of ${header} bytes`, true, 'network');
    }
    const digest = hash.digest('hex');
    if (request.sha256 !== undefined && digest !== request.sha256) {
      throw new AttemptError(`SHA-256 mismatch: expected ${request.sha256}, got ${digest} (${received} bytes)`, false, 'verify');
    }
    options.onProgress?.({ file, url, received, total: received, seconds: (Date.now() - started) / 1000, done: true });
  } finally {
    clearTimeout(timer);
    out.destroy();
    await closed.catch(() => undefined);
  }
}

/** Removes `dir` and its parents up to `top` while they are empty (rmdir refuses non-empty ones). */
async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  for (let current = dir; current.startsWith(top); current = dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return;
    }
    if (current === top) return;
  }
}

/**
 * Downloads one file with Node's fetch (following redirects), trying each mirror in order
 * and retrying transient failures with exponential backoff. Bytes go to a temporary file
 * beside `dest`, which is renamed only after the SHA-256 matches; on any failure nothing is
 * left behind and a {@link RuntimeFailure} names every URL tried and why it failed.
 * Returns the URL that served the file.
 */
export async function downloadFile(request: DownloadRequest, options: Partial<DownloadOptions> = {}): Promise<string> {
  const opts: DownloadOptions = { ...DEFAULT_DOWNLOAD_OPTIONS, ...options };
  // mkdir returns the first folder it created: on failure that folder is removed again if
  // still empty, so a failed download leaves the cache as it found it.
  const created = await fs.mkdir(dirname(request.dest), { recursive: true });
  const failures: string[] = [];
  const kinds: FailureKind[] = [];
  for (const url of request.urls) {
    for (let tries = 0; tries <= opts.retries; tries += 1) {
      if (tries > 0) await sleep(opts.backoffMs * 2 ** (tries - 1));
      const temp = join(dirname(request.dest), `.${basename(request.dest)}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
      try {
        await attempt(url, temp, request, opts);
        await fs.rename(temp, request.dest);
        return url;
      } catch (error) {
        await fs.rm(temp, { force: true });
        if (!(error instanceof AttemptError)) throw error;
        const last = !error.retry || tries === opts.retries;
        if (last) {
          failures.push(`${url}: ${error.message}${tries > 0 ? ` (after ${tries + 1} attempts)` : ''}`);
          kinds.push(error.kind);
          break;
        }
      }
    }
  }
  if (created !== undefined) await removeEmptyDirs(dirname(request.dest), created);
  throw new DownloadFailed(
    `could not download ${basename(request.dest)}: ${failures.length > 0 ? failures.join('; ') : 'no mirror URL is configured'}.`,
    `Put the file in ${dirname(request.dest)} by hand, or point KERASTS_DATASETS_MIRROR or the dataset_mirrors setting at a mirror that has it.`,
    kinds.length > 0 && kinds.every((kind) => kind === 'network'),
    failures,
  );
}

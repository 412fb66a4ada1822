import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DATASETS, type DatasetInfo, type DatasetRegistry } from '../../src/data/registry.js';
import { UserError } from '../../src/errors.js';
import { tinyMnistFiles } from '../data/fixtures.js';
import { tempDir } from './cli.js';
import { startTestServer, type Route, type TestServer } from './http-server.js';

// Shared by test/data/download.test.ts and test/data/fetch.test.ts: tiny MNIST files served by a local server.

export const FILES = tinyMnistFiles();
export const FAST = { retries: 2, backoffMs: 10, timeoutMs: 500 };
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The built-in mnist entry, with checksums of the tiny test files and the test server as mirror. */
export function registryFor(mirrors: string[]): DatasetRegistry {
  const info: DatasetInfo = {
    ...DATASETS.mnist,
    files: DATASETS.mnist.files.map((file) => ({ ...file, sha256: sha256(FILES[file.name]!), size: FILES[file.name]!.length })),
    mirrors,
    systemDirs: [],
  };
  return { ...DATASETS, mnist: info };
}

export function routes(prefix: string, overrides: Record<string, Partial<Route>> = {}): Record<string, Route> {
  return Object.fromEntries(Object.entries(FILES).map(([name, body]) => [`${prefix}${name}`, { body, ...overrides[name] }]));
}

/** Every file left under a folder, relative to it: a clean cache has none. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export async function withServer(table: Record<string, Route>, body: (server: TestServer, home: string) => Promise<void>): Promise<void> {
  const server = await startTestServer(table, { maxRequests: 100, lifetimeMs: 20_000 });
  const { dir, remove } = tempDir('kerasts-dl-');
  try {
    await body(server, dir);
  } finally {
    await server.close();
    remove();
  }
}

export function failure(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.exitCode, 1);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

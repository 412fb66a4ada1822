import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Absolute path of the built CLI (`npm test` builds dist/ first). */
export const KERASTS_BIN = resolve(import.meta.dirname, '../../bin/kerasts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `kerasts` binary with a clean environment (no settings from the developer's home). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const isolatedHome = mkdtempSync(join(tmpdir(), 'kerasts-home-'));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: isolatedHome, KERASTS_HOME: join(isolatedHome, '.kerasts'), NO_COLOR: '1', ...options.env };
    const result = spawnSync(process.execPath, [KERASTS_BIN, ...args], {
      cwd: options.cwd ?? isolatedHome,
      env,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(isolatedHome, { recursive: true, force: true });
  }
}

/** A temporary directory for one test, removed by the returned cleanup function. */
export function makeTempDir(prefix = 'kerasts-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

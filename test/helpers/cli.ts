import { execFile, spawnSync } from 'node:child_process';
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

/**
 * An environment with nothing of the developer's: no settings, cache or KERASTS_* variables
 * leak in; `home` is both HOME and the parent of KERASTS_HOME.
 */
export function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, KERASTS_HOME: join(home, '.kerasts'), NO_COLOR: '1', ...extra };
}

/** Runs the real `kerasts` binary with a clean environment (no settings from the developer's home). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const isolatedHome = mkdtempSync(join(tmpdir(), 'kerasts-home-'));
  try {
    const result = spawnSync(process.execPath, [KERASTS_BIN, ...args], {
      cwd: options.cwd ?? isolatedHome,
      env: isolatedEnv(isolatedHome, options.env),
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(isolatedHome, { recursive: true, force: true });
  }
}

/**
 * Like runCli, without blocking this process: for tests whose server runs in this process.
 * `home` is the working directory, HOME and the parent of KERASTS_HOME.
 */
export function runCliAsync(args: string[], home: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [KERASTS_BIN, ...args], { cwd: home, env: isolatedEnv(home, env), timeout: 120_000 }, (error, stdout, stderr) =>
      done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

/** A temporary directory for one test, removed by the returned function (call it in `t.after` or `finally`). */
export function tempDir(prefix = 'kerasts-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

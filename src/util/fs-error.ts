/**
 * File-system failures as the one line DESIGN.md promises ("Errors and output"): the path,
 * what went wrong in words, and what to do; exit 2 when the path the user gave is wrong
 * (read-only, not permitted, not a directory), 1 when the disk or machine fails (full, I/O).
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { RuntimeFailure, UserError } from '../errors.js';

interface Reason {
  words: string;
  hint: string;
  /** The machine failed rather than the user's path being wrong: exit 1. */
  machine?: boolean;
}

const REASONS: Record<string, Reason> = {
  ENOSPC: { words: 'no space left on the device', hint: 'Free some space there, or write elsewhere (--out).', machine: true },
  EDQUOT: { words: 'the disk quota is used up', hint: 'Free some space there, or write elsewhere (--out).', machine: true },
  EIO: { words: 'an input/output error of the device', hint: 'Check the disk, or write elsewhere (--out).', machine: true },
  EMFILE: { words: 'too many open files', hint: 'Raise the limit (ulimit -n), or close other programs.', machine: true },
  ENFILE: { words: 'too many open files on the system', hint: 'Close other programs, then try again.', machine: true },
  EROFS: { words: 'a read-only file system', hint: 'Write elsewhere (--out).' },
  EACCES: { words: 'permission denied', hint: 'Make it writable for this user, or write elsewhere (--out).' },
  EPERM: { words: 'operation not permitted', hint: 'Write elsewhere (--out).' },
  ENOTDIR: { words: 'a path through something that is not a directory', hint: 'Check the path.' },
  EISDIR: { words: 'a directory where a file was expected', hint: 'Check the path.' },
  EEXIST: { words: 'something already there', hint: 'Choose another path.' },
  ENOENT: { words: 'no such file or directory (removed while in use?)', hint: 'Check the path.' },
  ENAMETOOLONG: { words: 'a name that is too long', hint: 'Use a shorter path.' },
  ELOOP: { words: 'a loop of symbolic links', hint: 'Check the path.' },
};

/** Whether `error` is a Node file-system error (errno code plus the path it was about). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const candidate = error as NodeJS.ErrnoException | undefined;
  // A write through a file handle (fs.writeFile's) carries no path: still one line.
  return candidate instanceof Error && typeof candidate.code === 'string' && typeof candidate.syscall === 'string' && candidate.code in REASONS;
}

/** atomic-write's temporary files (`.name.<pid>.<hex>.tmp`) are named by their directory in messages. */
function shownPath(path: string): string {
  return /^\..+\.\d+\.[0-9a-f]+\.tmp$/.test(basename(path)) ? dirname(path) : path;
}

/**
 * The UserError (exit 2) or RuntimeFailure (exit 1) for a Node file-system error; anything
 * else is returned as it is. `doing` says what failed ("could not write", "could not create").
 */
export function describeFileSystemError(error: unknown, doing?: string): unknown {
  if (error instanceof UserError || !isFileSystemError(error)) return error;
  const reason = REASONS[error.code]!;
  const verb = doing ?? (/^(open|write|rename|mkdir|unlink|rm|copyfile|link|symlink|close|fsync)/.test(error.syscall ?? '') ? 'could not write' : 'could not use');
  const message = `${verb}${error.path === undefined ? '' : ' here'}: ${reason.words} (${error.code}).`;
  const details = { file: error.path === undefined ? undefined : shownPath(error.path), code: `FS_${error.code}`, hint: reason.hint };
  // EIO from /proc/self/mem and the like is the path's doing: the disk is fine.
  const machine = reason.machine === true && !underPseudoRoot(error.path);
  return machine ? new RuntimeFailure(message, details) : new UserError(message, details);
}

/** File systems that only pretend to hold files: a run written there would hang or vanish. */
const PSEUDO_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x1cd1: 'devpts',
  0x62656570: 'configfs',
  0xcafe4a11: 'bpf',
};

/** The name of a pseudo file system from statfs's `type`, or undefined for an ordinary one. */
export function pseudoFileSystemName(type: number | bigint): string | undefined {
  return PSEUDO_FILE_SYSTEMS[Number(type)];
}

/** Whether `path` names something under /proc or /sys, where an I/O error is the path's fault, not the disk's. */
function underPseudoRoot(path: string | undefined): boolean {
  return path !== undefined && /^\/(proc|sys)(\/|$)/.test(resolve(path));
}

/**
 * The name of the pseudo file system (proc, sysfs, ...) that `path` lies on, or undefined for
 * an ordinary one or where it cannot be told (statfs unsupported or the path missing).
 */
export async function pseudoFileSystem(path: string): Promise<string | undefined> {
  const absolute = resolve(path);
  if (/^\/(proc|sys)(\/|$)/.test(absolute)) return absolute.split('/')[1] === 'proc' ? 'proc' : 'sysfs';
  const stats = await fs.statfs(absolute).catch(() => undefined);
  return stats === undefined ? undefined : PSEUDO_FILE_SYSTEMS[Number(stats.type)];
}

import type { DownloadProgress } from './download.js';

/** Formats a byte count in decimal units, as download tools do (26.4 MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The text of one progress line: file, bytes, percent (when the size is known) and speed. */
export function progressLine(p: DownloadProgress, width = 24): string {
  const speed = p.seconds > 0 ? `${formatBytes(p.received / p.seconds)}/s` : '';
  if (p.total === undefined || p.total <= 0) return `${p.file}  ${formatBytes(p.received)}  ${speed}`;
  const fraction = Math.min(1, p.received / p.total);
  const filled = Math.round(fraction * width);
  const bar = `[${'='.repeat(filled)}${' '.repeat(width - filled)}]`;
  return `${p.file} ${bar} ${formatBytes(p.received)} / ${formatBytes(p.total)}  ${Math.floor(fraction * 100)}%  ${speed}`;
}

/**
 * A progress reporter for downloads on stderr. On a TTY it redraws one line in place; when
 * stderr is a file or pipe it writes one line when a file starts and one when it is done,
 * so logs stay readable.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): (p: DownloadProgress) => void {
  const started = new Set<string>();
  return (p) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${progressLine(p)}`);
      if (p.done) stream.write('\n');
      return;
    }
    if (!started.has(p.url) && !p.done) {
      started.add(p.url);
      stream.write(`downloading ${p.url}${p.total ? ` (${formatBytes(p.total)})` : ''}\n`);
    }
    if (p.done) {
      const speed = p.seconds > 0 ? `, ${formatBytes(p.received / p.seconds)}/s` : '';
      stream.write(`downloaded ${p.file}: ${formatBytes(p.received)} in ${p.seconds.toFixed(1)} s${speed}\n`);
    }
  };
}

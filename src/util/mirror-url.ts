/**
 * The one rule for a dataset mirror's base URL, shared by `--mirror`, `KERASTS_DATASETS_MIRROR`
 * and the `dataset_mirrors` setting: downloads go through Node's fetch, which speaks only
 * http and https, so anything else is refused before the first download attempt.
 */
export const MIRROR_PROTOCOLS = ['http:', 'https:'] as const;

/** Why `value` cannot be a mirror base URL, or undefined when it can. */
export function mirrorUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http:// or https:// URL';
  }
  if (!(MIRROR_PROTOCOLS as readonly string[]).includes(url.protocol)) return `must be an http:// or https:// URL (${url.protocol}// is not supported)`;
  return undefined;
}

/**
 * Finding the native TensorFlow backend: `@tensorflow/tfjs-node-gpu` (CUDA) when it is
 * installed and loads, else `@tensorflow/tfjs-node` (CPU). Both register the backend named
 * 'tensorflow'; importing either is what makes it available.
 */

/** Tried in this order: the GPU build wins when both are installed. */
export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
export type NativePackage = (typeof NATIVE_PACKAGES)[number];

/** Imports a package by name (a parameter so that tests can pass a fake). */
export type Importer = (name: string) => Promise<unknown>;

// A variable, so that TypeScript does not require the optional packages to be installed.
const realImport: Importer = (name) => import(name);

export type NativeLoad = { ok: true; package: NativePackage; notes: string[] } | { ok: false; why: string };

function problem(name: string, error: unknown): { missing: boolean; text: string } {
  const code = (error as { code?: string }).code;
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return { missing, text: missing ? `${name} is not installed` : `${name} failed to load (${String((error as Error).message ?? error).split('\n')[0]})` };
}

/**
 * Loads the first native package of `NATIVE_PACKAGES` that is installed and loads. A GPU
 * package that is installed but fails (no CUDA, say) is reported in `notes` of the CPU
 * package's success, so a user who installed it learns why it was not used.
 */
export async function loadNative(importer: Importer = realImport): Promise<NativeLoad> {
  const failures: Array<{ missing: boolean; text: string }> = [];
  for (const name of NATIVE_PACKAGES) {
    try {
      await importer(name);
      return { ok: true, package: name, notes: failures.filter((f) => !f.missing).map((f) => f.text) };
    } catch (error) {
      failures.push(problem(name, error));
    }
  }
  // The GPU package is an alternative users opt into: when it is simply absent, only the
  // CPU package's problem is news.
  const reported = failures.filter((f, i) => i === failures.length - 1 || !f.missing);
  return { ok: false, why: reported.map((f) => f.text).join('; ') };
}

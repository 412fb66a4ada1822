/**
 * `src/run/`: the run directory's one owner. Its layout and file names, run naming, finding
 * the latest run, and a typed (zod-validated) writer and reader for every file.
 */
export { checkpointFolderName, claimNewRunDir, INITIAL_MODEL_PATH, isRunDir, RUN_FILES, RUNS_DIR, runDirOfModel, runName } from './layout.js';
export { acquireRunLock, checkNotLocked, RunLock, runLockSchema, type RunLockHolder } from './lock.js';
export { checkOutDir, makeDirs } from './out-dir.js';
export { latestCheckpointedRun, latestFinishedRun, newestRunWith } from './find.js';
export { readCheckpoint, readCheckpointPointer, saveCheckpoint, type Checkpoint } from './checkpoint.js';
export { removeStaleFiles } from './cleanup.js';
export { formatHistoryCsv, parseHistoryCsv } from './history-csv.js';
export { parseRunJson, readRunJson, RUN_FILE_INVALID } from './read-file.js';
export { claimRunDir, lockExistingRun, readFinishedRun, RunClaim, RunDirectory, type FinishedRun, type RunTarget } from './run-directory.js';
export { initialModelPath, resolveModelInput, type ModelInput } from './input.js';
export * from './schemas.js';

/**
 * The callbacks of one `kerasts train` run, in the order their hooks run. A new per-epoch
 * concern (a plot, a report) is one callback file and one line in `trainCallbacks`.
 */
import { basename } from 'node:path';
import type { RunDirectory } from '../../run/run-directory.js';
import type { CallbacksSpec } from '../../spec/schema.js';
import type { EpochProgress } from '../progress.js';
import { CallbackList } from './callback-list.js';
import { EarlyStopping } from './early-stopping.js';
import { HistoryPlot } from './history-plot.js';
import { HistoryWriter } from './history-writer.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import { ProgressLogger } from './progress-logger.js';
import { ResumeCheckpoint } from './resume-checkpoint.js';
import { StopOnRequest } from './stop-on-request.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

export { CallbackList } from './callback-list.js';
export type { BatchEnd, Callback, StatefulCallback, TrainingLoop } from './callback.js';
export { EarlyStopping, HistoryPlot, HistoryWriter, ModelCheckpoint, ProgressLogger, ResumeCheckpoint, StopOnRequest, TerminateOnNaN };

export interface TrainCallbackOptions {
  spec: CallbacksSpec;
  runDir: RunDirectory;
  progress: EpochProgress;
  /** Polled after every batch (Ctrl-C). */
  stopRequested: () => boolean;
  seed: number;
}

/** The list for `kerasts train`, and its TerminateOnNaN (whose `nanAt` the error message needs). */
export function trainCallbacks(options: TrainCallbackOptions): { list: CallbackList; nan?: TerminateOnNaN } {
  const { spec, runDir, progress } = options;
  const notice = (line: string) => progress.notice(line);
  const nan = spec.terminate_on_nan ? new TerminateOnNaN() : undefined;
  const list = new CallbackList();
  // TerminateOnNaN first, so the progress bar never draws the batch that stopped training.
  if (nan) list.add(nan);
  list.add(new ProgressLogger(progress), new StopOnRequest(options.stopRequested));
  if (spec.early_stopping) list.add(new EarlyStopping(spec.early_stopping, notice));
  if (spec.model_checkpoint) list.add(new ModelCheckpoint(spec.model_checkpoint, runDir, notice));
  // After the other stateful callbacks: it saves the state each has after the epoch.
  list.add(new ResumeCheckpoint(runDir, options.seed, () => list.getStates()));
  // After the checkpoint, so history.csv is never ahead of what --resume continues from.
  list.add(new HistoryWriter(runDir), new HistoryPlot(runDir, basename(runDir.dir)));
  return { list, nan };
}

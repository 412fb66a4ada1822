// Entry point of a gradient worker thread, started by ParallelTrainStep; the work is in replica.ts.
import { runGradientWorker } from './replica.js';

await runGradientWorker();

import type { EpochRecord } from '../../run/schemas.js';
import { zodIssuesToUserError } from '../../util/zod-error.js';
import { RUN_FILE_INVALID } from '../../run/read-file.js';
import { isStateful, type BatchEnd, type Callback, type TrainingLoop } from './callback.js';

/** Calls each callback's hook in list order, awaiting each (tfjs-layers' CallbackList). */
export class CallbackList {
  readonly callbacks: Callback[];

  constructor(callbacks: Callback[] = []) {
    this.callbacks = [...callbacks];
  }

  add(...callbacks: Callback[]): this {
    this.callbacks.push(...callbacks);
    return this;
  }

  async onTrainBegin(loop: TrainingLoop): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainBegin?.(loop);
  }

  async onEpochBegin(epoch: number, loop: TrainingLoop): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochBegin?.(epoch, loop);
  }

  async onBatchEnd(batch: BatchEnd, loop: TrainingLoop): Promise<void> {
    for (const callback of this.callbacks) await callback.onBatchEnd?.(batch, loop);
  }

  async onEpochEnd(record: EpochRecord, loop: TrainingLoop): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochEnd?.(record, loop);
  }

  async onTrainEnd(loop: TrainingLoop): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainEnd?.(loop);
  }

  /** Each stateful callback's state by name: `callbacks` of checkpoint/state.json. */
  getStates(): Record<string, unknown> {
    const states: Record<string, unknown> = {};
    for (const callback of this.callbacks) if (isStateful(callback)) states[callback.name] = callback.getState();
    return states;
  }

  /**
   * Restores each stateful callback from `states` (read from `file`); a callback with no saved
   * state starts fresh, and a state that fails its schema is a UserError naming its JSON path.
   */
  setStates(states: Record<string, unknown>, file: string): void {
    for (const callback of this.callbacks) {
      if (!isStateful(callback) || states[callback.name] === undefined) continue;
      const data = states[callback.name];
      const result = callback.stateSchema.safeParse(data, { reportInput: true });
      if (!result.success) {
        throw zodIssuesToUserError(result.error.issues, {
          schema: callback.stateSchema,
          data,
          file,
          code: RUN_FILE_INVALID,
          userPath: (path) => ['callbacks', callback.name, ...path],
        });
      }
      callback.setState(result.data);
    }
  }
}

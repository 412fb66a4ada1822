/**
 * Ctrl-C during training: the first SIGINT asks the loop to stop after the current batch
 * (so a checkpoint can be written); a second one exits at once with 130, as shells expect.
 */
export class InterruptFlag {
  private requested = false;
  private readonly handler = (): void => {
    if (this.requested) process.exit(130);
    this.requested = true;
    this.onRequest?.();
  };

  constructor(private readonly onRequest?: () => void) {}

  get stopRequested(): boolean {
    return this.requested;
  }

  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  remove(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}

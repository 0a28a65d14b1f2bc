import type { Logger } from '../log.js';

/**
 * States the code holds can never happen, seen anyway: each one is a bug of
 * ours. They go to impossible.log (log-files.ts), where they are not lost
 * among the main log's lines, and to the main log with the rest of the
 * story; the dashboard counts them.
 */
export class ImpossibleErrors {
  private count = 0;

  constructor(
    /** The impossible.log file log. */
    private readonly file: Logger,
    /** The node's main log. */
    private readonly log: Logger,
  ) {}

  /**
   * Records that `what` happened, with what helps to find out why (an `err`
   * is logged with its stack). Never throws: it is called where things have
   * already gone wrong.
   */
  report(what: string, details: object = {}): void {
    this.count++;
    for (const logger of [this.file, this.log]) {
      try {
        logger.error({ ...details, impossible: what }, `impossible: ${what}`);
      } catch {
        // A closed file or details that cannot be written: the count still tells.
      }
    }
  }

  /** How many were reported since the last call: the per-second sampler reads and resets it. */
  take(): number {
    const count = this.count;
    this.count = 0;
    return count;
  }
}

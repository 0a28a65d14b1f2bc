/**
 * An open-loop schedule: guesses are due by the clock (rate × time since the
 * rate was set), never by acks, so a slow server meets the same offered load
 * as a fast one and shows it in its latencies instead of quietly throttling
 * the test. A 1 ms timer sends whatever has come due since its last turn.
 *
 * Should the load process itself fall more than 200 ms behind (its own CPU
 * is saturated, or a long GC pause), the excess is dropped and counted
 * rather than sent in one burst: that run measured the load generator, and
 * the report says so.
 */
const MAX_BEHIND_SECONDS = 0.2;

export class OpenLoopScheduler {
  private rate = 0;
  private since = 0;
  private sentSinceRate = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Sends one guess. */
    private readonly send: () => void,
    /** Counts one guess that was due but dropped. */
    private readonly drop: () => void,
  ) {}

  /** Guesses a second from now on; 0 stops sending. */
  setRate(perSecond: number): void {
    this.rate = perSecond;
    this.since = performance.now();
    this.sentSinceRate = 0;
    if (perSecond > 0 && !this.timer) this.timer = setInterval(() => this.tick(), 1);
    if (perSecond === 0) this.stop();
  }

  private tick(): void {
    const due = Math.floor((this.rate * (performance.now() - this.since)) / 1000);
    let behind = due - this.sentSinceRate;
    const tooFar = Math.ceil(this.rate * MAX_BEHIND_SECONDS);
    if (behind > tooFar) {
      for (let i = 0; i < behind - tooFar; i++) this.drop();
      this.sentSinceRate += behind - tooFar;
      behind = tooFar;
    }
    for (let i = 0; i < behind; i++) this.send();
    this.sentSinceRate += behind;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.rate = 0;
  }
}

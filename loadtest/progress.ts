/**
 * The line that says what a run is doing while it runs, on stderr so that
 * stdout keeps only the summary. On a terminal it rewrites itself each
 * second; in a log (CI, a test) it prints one line every few seconds.
 */
export class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private lastPrinted = 0;
  private showing = false;

  constructor(private readonly quiet: boolean) {}

  /** Replaces the progress line. */
  update(text: string): void {
    if (this.quiet) return;
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K${text}`);
      this.showing = true;
    } else if (performance.now() - this.lastPrinted >= 5000) {
      process.stderr.write(`${text}\n`);
      this.lastPrinted = performance.now();
    }
  }

  /** A line that stays (a phase starting, a step's verdict). */
  note(text: string): void {
    this.clear();
    if (!this.quiet) process.stderr.write(`${text}\n`);
  }

  clear(): void {
    if (this.showing) process.stderr.write('\r\x1b[2K');
    this.showing = false;
  }
}

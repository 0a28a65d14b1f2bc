/**
 * Measurement windows. Every outcome is filed by the time its guess was
 * SENT: a guess sent inside a window counts there even when its ack or its
 * broadcasts arrive after the window closed (the tool waits a grace period
 * before reading a window). So a step's figures are those of the load it
 * offered, and warm-up traffic never leaks in. Several windows may be open at
 * once: a ladder step, a soak sample, the progress line's last second.
 */
import { Samples } from './samples.js';

export class Window {
  readonly ack = new Samples();
  readonly broadcast = new Samples();
  /** Guesses the schedule asked for. */
  offered = 0;
  /** Guesses put on a socket (offered less those of disconnected players and drops). */
  sent = 0;
  /** Acks received (ok or error). */
  acked = 0;
  /** Acks saying `found`: each should reach every other player of the room. */
  finds = 0;
  deliveries = 0;
  /** Broadcasts that never reached a player who was in the room when the find was acked. */
  lostDeliveries = 0;
  /** Guesses the load process could not send in time (it fell more than a second behind). */
  generatorDropped = 0;
  /** By error code; also `timeout` (no ack within 10 s) and `not_connected`. */
  readonly errors: Record<string, number> = {};
  /** Guesses held because their room was between two games (--game-seconds). */
  betweenGames = 0;
  /** Games ended and started again (--game-seconds). */
  newGames = 0;
  /** Counted by when they happened, not by a send time. */
  disconnects = 0;
  reconnects = 0;
  /** Acks by result kind: found, taken, repeat, miss. */
  readonly results: Record<string, number> = {};

  constructor(
    readonly start: number,
    public end = Infinity,
  ) {}

  contains(at: number): boolean {
    return at >= this.start && at < this.end;
  }

  get errorCount(): number {
    return Object.values(this.errors).reduce((a, n) => a + n, 0);
  }
}

export class Recorder {
  private windows: Window[] = [];

  open(start = performance.now()): Window {
    const window = new Window(start);
    this.windows.push(window);
    return window;
  }

  /** Stops filing new sends into `window`; late outcomes of earlier sends still arrive. */
  close(window: Window, end = performance.now()): void {
    window.end = end;
  }

  /** Forgets a window once it has been read. */
  release(window: Window): void {
    this.windows = this.windows.filter((w) => w !== window);
  }

  /** Files `apply` into every window holding the send time `at`. */
  private file(at: number, apply: (w: Window) => void): void {
    for (const w of this.windows) if (w.contains(at)) apply(w);
  }

  offered(at: number): void {
    this.file(at, (w) => w.offered++);
  }
  sent(at: number): void {
    this.file(at, (w) => w.sent++);
  }
  dropped(at: number): void {
    this.file(at, (w) => {
      w.offered++;
      w.generatorDropped++;
    });
  }
  ack(sentAt: number, ms: number, kind: string): void {
    this.file(sentAt, (w) => {
      w.acked++;
      w.ack.add(ms);
      w.results[kind] = (w.results[kind] ?? 0) + 1;
      if (kind === 'found') w.finds++;
    });
  }
  error(sentAt: number, code: string): void {
    this.file(sentAt, (w) => {
      w.errors[code] = (w.errors[code] ?? 0) + 1;
    });
  }
  /** An ack that is an error still answered the guess: it counts for the ack rate too. */
  errorAck(sentAt: number, ms: number, code: string): void {
    this.file(sentAt, (w) => {
      w.acked++;
      w.ack.add(ms);
      w.errors[code] = (w.errors[code] ?? 0) + 1;
    });
  }
  delivery(sentAt: number, ms: number): void {
    this.file(sentAt, (w) => {
      w.deliveries++;
      w.broadcast.add(ms);
    });
  }
  lost(sentAt: number, count: number): void {
    this.file(sentAt, (w) => (w.lostDeliveries += count));
  }
  betweenGames(at: number): void {
    this.file(at, (w) => w.betweenGames++);
  }
  game(at: number): void {
    this.file(at, (w) => w.newGames++);
  }
  disconnect(at: number): void {
    this.file(at, (w) => w.disconnects++);
  }
  reconnect(at: number): void {
    this.file(at, (w) => w.reconnects++);
  }
}

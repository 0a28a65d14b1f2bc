/**
 * What one socket may still send: a token bucket per kind of event, held
 * by the socket's own listeners for as long as it is connected.
 *
 * Why not rate-limiter-flexible, as the per-IP limits are: its memory store
 * keys every limit by string, answers with a promise, and keeps a timer per
 * key and window to forget it. Every guess went through two of those (the
 * sustained rate and the burst), about 10 µs of the server's time per guess
 * at 1,000 guesses a second (issue 16's profile), more than the look-up of
 * the guess itself. A socket's allowance lives and dies with the socket, on
 * one node, so it needs none of that: a few numbers, checked in line, that
go when the socket goes.
 */

/** `capacity` events at once, refilled at `perSecond`: a burst, then a steady rate. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one event's token when there is one; false when the socket must slow down. */
  take(now: number): boolean {
    const refill = ((now - this.updatedAt) * this.perSecond) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, refill));
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface AllowanceConfig {
  /** Guesses a socket may send at once before the sustained rate applies. */
  guessBurst: number;
  guessesPerSecond: number;
  /** Other commands: as many at once as a second's worth. */
  commandsPerSecond: number;
}

/** What one socket may still send, made when it connects and dropped with it. */
export class SocketAllowance {
  private readonly guesses: TokenBucket;
  private readonly commands: TokenBucket;

  constructor(
    config: AllowanceConfig,
    private readonly clock: () => number = Date.now,
  ) {
    const { guessBurst, guessesPerSecond, commandsPerSecond } = config;
    const now = clock();
    this.guesses = new TokenBucket(Math.max(guessBurst, guessesPerSecond), guessesPerSecond, now);
    this.commands = new TokenBucket(commandsPerSecond, commandsPerSecond, now);
  }

  /** Whether the socket may send one more event of this kind now. */
  take(kind: 'guess' | 'command'): boolean {
    return (kind === 'guess' ? this.guesses : this.commands).take(this.clock());
  }
}

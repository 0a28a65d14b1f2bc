/**
 * The load of the two-node benches (find-order.ts, adapter.ts): every seat
 * sends its texts as guesses at its own fixed times, whatever the acks do
 * (an open loop, so a slow server meets more load, not less), and each
 * guess remembers when it went, whether it falls in the measured window,
 * and what its ack said.
 */
import { call, type PlayerSocket } from '../test/support/game-client.js';

export interface OpenLoopSeat {
  socket: PlayerSocket;
  /** What the seat types, in order; it stops early when they run out. */
  texts: string[];
}

export interface OpenLoop {
  /** Guesses a second per seat. */
  rate: number;
  warmUpMs: number;
  measureMs: number;
  ackTimeoutMs: number;
  /** Where in its interval seat `index` sends, in [0, 1): spreads the seats' guesses apart. */
  phaseOf(index: number): number;
}

export interface SentGuess<S extends OpenLoopSeat> {
  seat: S;
  /** performance.now() when it went. */
  at: number;
  /** Sent after the warm-up. */
  measured: boolean;
  ackMs?: number;
  /** The result's kind, the error's code, or 'no ack'; undefined until the ack. */
  outcome?: string;
  /** The place of a find. */
  placeId?: number;
}

/** Sends every seat's guesses on schedule; resolves with them all once each has its ack or timed out. */
export async function sendOpenLoop<S extends OpenLoopSeat>(
  seats: readonly S[],
  load: OpenLoop,
): Promise<SentGuess<S>[]> {
  const sent: SentGuess<S>[] = [];
  const interval = 1000 / load.rate;
  const start = performance.now() + 100;
  const end = start + load.warmUpMs + load.measureMs;
  const pending: Promise<void>[] = [];
  await Promise.all(
    seats.map(async (seat, index) => {
      const phase = load.phaseOf(index);
      for (let k = 0; ; k++) {
        const due = start + (k + phase) * interval;
        if (due >= end || k >= seat.texts.length) return;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const guess: SentGuess<S> = {
          seat,
          at: performance.now(),
          measured: due >= start + load.warmUpMs,
        };
        sent.push(guess);
        pending.push(
          call(seat.socket, 'guess', { text: seat.texts[k] }, load.ackTimeoutMs).then(
            (ack) => {
              guess.ackMs = performance.now() - guess.at;
              guess.outcome = ack.ok ? ack.result.kind : ack.error.code;
              if (ack.ok && ack.result.kind === 'found') guess.placeId = ack.result.place.id;
            },
            () => {
              guess.outcome = 'no ack';
            },
          ),
        );
      }
    }),
  );
  await Promise.all(pending);
  return sent;
}

/** Waits until `done()` holds, for at most `ms`: the last broadcasts reaching everyone. */
export async function waitUntil(done: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

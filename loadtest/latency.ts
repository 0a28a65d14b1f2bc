/**
 * Broadcast latency: from a guess leaving its player to the `place:found`
 * it caused reaching each other player of the room. One sample per receiver.
 *
 * The ack (`found`, with the place) tells which broadcast a guess caused; a
 * `place:found` names the place and its finder. Both meet under the key
 * (room, place id, finder). The server emits the broadcast before it acks,
 * and sockets are read in no particular order, so a receiver often sees the
 * find before the finder sees its ack: such receipts wait, with their time,
 * until the ack comes.
 */
import type { Recorder } from './recorder.js';

interface AwaitingReceipts {
  sentAt: number;
  expected: number;
  received: number;
}

interface EarlyReceipts {
  firstAt: number;
  times: number[];
}

export const findKey = (room: number, placeId: number, finderId: string): string =>
  `${room}:${placeId}:${finderId}`;

export class BroadcastTracker {
  private awaiting = new Map<string, AwaitingReceipts>();
  private early = new Map<string, EarlyReceipts>();
  /** Receipts for which no `found` ack ever came (its guess timed out, or was sent elsewhere). */
  unmatched = 0;

  constructor(private readonly recorder: Recorder) {}

  /** The finder's ack said `found`; `expected` other players are in the room to receive it. */
  found(key: string, sentAt: number, expected: number): void {
    const entry: AwaitingReceipts = { sentAt, expected, received: 0 };
    const early = this.early.get(key);
    if (early) {
      this.early.delete(key);
      for (const at of early.times) this.deliver(entry, at);
    }
    if (entry.received < entry.expected) this.awaiting.set(key, entry);
  }

  /** Another player received the `place:found` at `at`. */
  received(key: string, at: number): void {
    const entry = this.awaiting.get(key);
    if (entry) {
      this.deliver(entry, at);
      if (entry.received >= entry.expected) this.awaiting.delete(key);
      return;
    }
    const early = this.early.get(key);
    if (early) early.times.push(at);
    else this.early.set(key, { firstAt: at, times: [at] });
  }

  private deliver(entry: AwaitingReceipts, at: number): void {
    entry.received++;
    this.recorder.delivery(entry.sentAt, at - entry.sentAt);
  }

  /** Gives up on broadcasts older than `maxAgeMs`: the missing receipts are lost. */
  sweep(now: number, maxAgeMs: number): void {
    for (const [key, entry] of this.awaiting) {
      if (now - entry.sentAt < maxAgeMs) continue;
      this.recorder.lost(entry.sentAt, entry.expected - entry.received);
      this.awaiting.delete(key);
    }
    for (const [key, early] of this.early) {
      if (now - early.firstAt < maxAgeMs) continue;
      this.unmatched += early.times.length;
      this.early.delete(key);
    }
  }
}

/**
 * Chat beside the guesses (`--chat-seconds S`): every seated player sends a
 * message every S seconds on average, open loop like the guesses, and every
 * player hears the room's messages (they name the `chat` feature in their
 * handshake, as the browser does). The messages name no place, so none is
 * held back for fairness; each still goes through the server's whole path
 * (limit, filter, the check for place names, the broadcast).
 */
import type { Player } from './player.js';
import { OpenLoopScheduler } from './scheduler.js';

const ACK_TIMEOUT_MS = 10_000;

/** What players say in a race, and no place name among it. */
const LINES = [
  'gg',
  'nice one!',
  'so close',
  'how did you get that',
  'hurry up',
  'wow',
  'haha',
  'good luck everyone',
  'well played',
  'I knew that one',
];

export interface ChatCounts {
  sent: number;
  ok: number;
  /** Messages held back until the game ends (the server thought they named a place). */
  held: number;
  /** Acks with an error, by code; `timeout` when none came. */
  errors: Record<string, number>;
  /** chat:message events heard by all players together. */
  heard: number;
}

export class ChatLoad {
  readonly counts: ChatCounts = { sent: 0, ok: 0, held: 0, errors: {}, heard: 0 };
  private readonly scheduler = new OpenLoopScheduler(
    () => this.send(),
    () => undefined,
  );
  private order: Player[] = [];
  private cursor = 0;

  constructor(
    private readonly seconds: number,
    private readonly random: () => number,
  ) {}

  /** The players who chat, in the guesses' shuffled order; starts counting what they hear. */
  seat(players: readonly Player[]): void {
    this.order = [...players];
    for (const player of players) player.socket.on('chat:message', () => this.counts.heard++);
  }

  /** Chat runs while guesses do: at players / S messages a second, or not at all. */
  follow(guessesPerSecond: number): void {
    this.scheduler.setRate(guessesPerSecond > 0 ? this.order.length / this.seconds : 0);
  }

  stop(): void {
    this.scheduler.stop();
  }

  private send(): void {
    if (this.order.length === 0) return;
    const player = this.order[this.cursor]!;
    this.cursor = (this.cursor + 1) % this.order.length;
    if (!player.seated || player.room.betweenGames) return;
    const text = LINES[Math.floor(this.random() * LINES.length)]!;
    this.counts.sent++;
    player.socket.timeout(ACK_TIMEOUT_MS).emit('chat:send', { text }, (err, ack) => {
      if (err) return this.error('timeout');
      if (!ack.ok) return this.error(ack.error.code);
      this.counts.ok++;
      if ('held' in ack && ack.held) this.counts.held++;
    });
  }

  private error(code: string): void {
    this.counts.errors[code] = (this.counts.errors[code] ?? 0) + 1;
  }
}

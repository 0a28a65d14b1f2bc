/**
 * The other players of the measured player's room: protocol v1 bots
 * (loadtest/player.ts's sockets) in one untimed race of Germany. They fill
 * the room with finds as fast as the server lets each socket guess, and
 * later keep a slow trickle of finds coming so that markers arrive while the
 * player is measured.
 */
import { Player, type PlayerEvents, type Room } from '../loadtest/player.js';
import type { AckError, GuessAck, GuessResult } from '../protocol/types.js';

/** The host and 13 more: of the room's 16 seats, two stay for the measured desktop and phone players. */
export const BOTS = 14;
export const MAX_PLAYERS = 16;
/**
 * At most 9 guesses a second per socket: the server allows a burst of 20,
 * then 10 a second in one-second windows, and answers the excess rate_limited.
 */
const GUESS_INTERVAL_MS = 111;
const RATE_LIMITED_BACKOFF_MS = 1000;
const GUESS_TIMEOUT_MS = 10_000;
/** How often the fill says how far it got. */
const PROGRESS_EVERY_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export type GuessKind = GuessResult['kind'];

export class BotRoom {
  /** Finds in the room so far, whoever made them: the host sees every `place:found`. */
  finds = 0;
  /** What the bots' guesses came to, by result. */
  readonly results: Record<GuessKind, number> = { found: 0, taken: 0, repeat: 0, miss: 0 };
  /** Guesses the server turned away for the rate and that were sent again. */
  rateLimited = 0;
  private next = 0;

  private constructor(
    private readonly bots: readonly Player[],
    readonly code: string,
    private readonly names: readonly string[],
  ) {}

  /** Creates the room (host = the first bot), seats the others and starts the game. */
  static async open(url: string, names: readonly string[]): Promise<BotRoom> {
    const room: Room = {
      index: 0,
      scope: 'DE',
      pool: [],
      players: [],
      inFlight: 0,
      betweenGames: false,
    };
    let opened: BotRoom | undefined;
    const events: PlayerEvents = {
      found: (player) => {
        if (player.index === 0 && opened) opened.finds++;
      },
      disconnected: (player, reason) =>
        console.error(`bench:client: bot ${player.nickname} lost its connection (${reason})`),
      reconnected: () => {},
    };
    const bots = Array.from(
      { length: BOTS },
      (_, i) => new Player(i, room, url, 'websocket', events),
    );
    room.players = bots;
    try {
      await Promise.all(bots.map((bot) => bot.connect()));
      const [host, ...others] = bots;
      const code = await host!.create({ scope: 'DE', maxPlayers: MAX_PLAYERS });
      room.code = code;
      // One at a time, as people arrive; each join is pushed to everyone seated.
      for (const bot of others) await bot.join(code);
      opened = new BotRoom(bots, code, names);
      await host!.host('game:start');
      return opened;
    } catch (error) {
      for (const bot of bots) bot.close();
      throw error;
    }
  }

  /** Every bot guesses at its full rate until the room has `target` finds. */
  async fillTo(target: number): Promise<void> {
    let reported = performance.now();
    await Promise.all(
      this.bots.map(async (bot) => {
        while (this.finds < target) {
          const sent = performance.now();
          await this.guess(bot, this.takeName());
          if (bot.index === 0 && performance.now() - reported > PROGRESS_EVERY_MS) {
            reported = performance.now();
            console.error(`  ${this.finds.toLocaleString('en')} finds…`);
          }
          await sleep(GUESS_INTERVAL_MS - (performance.now() - sent));
        }
      }),
    );
  }

  /**
   * Starts `perSecond` guesses a second, taking turns among the bots (far
   * below each one's limit); the returned function stops them and waits for
   * the last answers.
   */
  trickle(perSecond: number): () => Promise<void> {
    let running = true;
    let failure: unknown;
    const pending = new Set<Promise<void>>();
    const loop = (async () => {
      const started = performance.now();
      for (let i = 0; running && failure === undefined; i++) {
        const answered = this.guess(this.bots[i % this.bots.length]!, this.takeName()).then(
          () => {},
          (error: unknown) => void (failure ??= error),
        );
        pending.add(answered);
        void answered.finally(() => pending.delete(answered));
        // A fixed schedule, so slow answers do not slow the trickle down.
        await sleep(started + ((i + 1) * 1000) / perSecond - performance.now());
      }
    })();
    return async () => {
      running = false;
      await loop;
      await Promise.all(pending);
      if (failure !== undefined) throw failure;
    };
  }

  close(): void {
    for (const bot of this.bots) bot.close();
  }

  private takeName(): string {
    const name = this.names[this.next++];
    if (name === undefined) {
      throw new Error(`the bots ran out of names to guess at ${this.finds} finds`);
    }
    return name;
  }

  /** One guess, sent again after a pause while the server answers rate_limited. */
  private async guess(bot: Player, text: string): Promise<void> {
    for (;;) {
      const ack: GuessAck | AckError = await bot.socket
        .timeout(GUESS_TIMEOUT_MS)
        .emitWithAck('guess', { text });
      if (ack.ok) {
        this.results[ack.result.kind]++;
        return;
      }
      if (ack.error.code !== 'rate_limited') {
        throw new Error(
          `a bot's guess ${JSON.stringify(text)}: ${ack.error.code} ${ack.error.message}`,
        );
      }
      this.rateLimited++;
      await sleep(RATE_LIMITED_BACKOFF_MS);
    }
  }
}

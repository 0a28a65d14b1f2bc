/**
 * The game between the rules and the transport (as boardgame.io splits its
 * master from its transport): each thing a player or the clock does, run
 * on the room store, looked up in the gazetteer, and what it did told to
 * the room through the broadcaster. It knows neither sockets nor the
 * database: server/realtime/ calls it, server/node.ts gives it its parts,
 * and test/game-service.test.ts drives it with fakes.
 *
 * Every method answers in the protocol's own ack types, so a reply that
 * drifts from protocol/ fails `tsc`.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AckOf } from '../../protocol/events.js';
import type { AckError, ErrorCode, RoomState, Settings } from '../../protocol/types.js';
import { DEFAULT_SETTINGS } from '../../protocol/schemas.js';
import type { Logger } from '../log.js';
import type { Gazetteer } from '../places/gazetteer.js';
import { GuessError, type GuessResolver } from '../places/resolve-guess.js';
import type { Command, Connection, RoomTotals } from '../rooms/room.js';
import { DAILY_SETTINGS, type DailyPin } from '../rooms/daily-room.js';
import type { DailyQuizInfo } from '../../protocol/daily.js';
import { randomId } from '../rooms/room-codes.js';
import type { Executed, RoomStore } from '../rooms/room-store.js';
import { CommandQueues } from '../rooms/command-queue.js';
import { Audience } from './audience.js';
import { RoomChat } from './room-chat.js';
import type { GameEnding } from './game-ending.js';
import { quickPlay } from './quick-play.js';
import type { GameCounts, ImpossibleReports, RoomBroadcaster } from './ports.js';

export interface GameServiceDeps {
  store: RoomStore;
  gazetteer: Pick<Gazetteer, 'scope' | 'countriesIn'>;
  resolver: Pick<GuessResolver, 'resolveIn'>;
  broadcaster: RoomBroadcaster;
  ending: GameEnding;
  counts: GameCounts;
  impossible: ImpossibleReports;
  log: Logger;
  /** Server time in ms; tests pass a clock they move. */
  clock?: () => number;
  /** Feature `daily`: the daily quiz at a time (server/daily/todays-quiz.ts); absent, no room is daily. */
  dailyQuiz?: (now: number) => DailyQuizInfo | undefined;
}

/** A seat granted: the ack's room and player, and where the room is and who held the seat before. */
export type Seated = AckOf<'room:join'> & {
  ok: true;
  code: string;
  /** On a rejoin: the connection that held the seat until now, to detach it. */
  previous?: Connection | null;
};

/** A new room's settings, checked, and its quiz's totals. */
export interface NewQuiz {
  ok: true;
  settings: Settings;
  totals: RoomTotals;
}

type Ok = AckOf<'game:start'>;

export const refusal = (code: ErrorCode, message: string): AckError => ({
  ok: false,
  error: { code, message },
});

const ROOM_GONE = refusal('not_found', 'the room is gone');

export class GameService {
  private readonly clock: () => number;
  /** Quick plays of one quiz, one at a time on this node: each sees the lobby the one before filled. */
  private readonly quickPlays = new CommandQueues();

  /** Spectators, the look before a late join, reactions (audience.ts). */
  readonly audience: Audience;
  /** The room's chat (room-chat.ts). */
  readonly chat: RoomChat;

  constructor(private readonly deps: GameServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.audience = new Audience({ ...deps, clock: this.clock });
    this.chat = new RoomChat({ ...deps, run: (code, command) => this.run(code, command) });
  }

  /**
   * The quiz a new room would play: `settings` over the defaults, checked.
   * Asked apart from `create` so that a player is refused before leaving
   * the room they are in.
   */
  newQuiz(settings: Partial<Settings>): NewQuiz | AckError {
    if (settings.daily) return this.newDailyQuiz(settings);
    const full: Settings = { ...DEFAULT_SETTINGS, ...settings };
    const totals = this.totalsOf(full.scope);
    if (!totals) return refusal('bad_request', `unknown scope: ${full.scope.slice(0, 40)}`);
    return { ok: true, settings: full, totals };
  }

  /** Opens a room in its lobby and seats its first player. */
  async create(
    nickname: string,
    quiz: NewQuiz,
    connection: Connection,
    browser?: string,
  ): Promise<Seated | AckError> {
    const code = await this.deps.store.create(quiz.settings, quiz.totals, this.clock());
    return this.seatNewPlayer(code, nickname, connection, false, { browser });
  }

  /**
   * Quick play: a seat in the fullest public lobby of the quiz with room, or
   * a new public lobby (quick-play.ts). `quiz` is `newQuiz(quickPlaySettings(scope))`.
   */
  quickPlay(
    nickname: string,
    quiz: NewQuiz,
    connection: Connection,
    browser?: string,
  ): Promise<Seated | AckError> {
    const { scope } = quiz.settings;
    return this.quickPlays.run(scope, () =>
      quickPlay(
        {
          lobbies: () => this.deps.store.publicLobbies(),
          join: (code) => this.seatNewPlayer(code, nickname, connection, true, { browser }),
          open: () => this.create(nickname, quiz, connection, browser),
        },
        scope,
      ),
    );
  }

  /**
   * Takes back the seat of `sessionToken` when it is still this room's, else
   * a new seat; `browser` (room:join's `browserId`) and the token keep out a
   * player the host removed (server/rooms/host-tools.ts).
   */
  async join(
    code: string,
    nickname: string,
    connection: Connection,
    sessionToken?: string,
    browser?: string,
  ): Promise<Seated | AckError> {
    if (sessionToken) {
      const rejoined = await this.run(code, { type: 'rejoin', token: sessionToken, connection });
      if (!rejoined) return refusal('not_found', 'no room with that code');
      if (rejoined.outcome.reply.ok) return this.seated(code, rejoined);
      // A token from another room or an expired seat: join as a new player.
    }
    return this.seatNewPlayer(code, nickname, connection, false, {
      browser,
      formerToken: sessionToken,
    });
  }

  /** A connection back after a blip, or re-established after other nodes took this one for dead. */
  async rejoin(code: string, token: string, connection: Connection): Promise<void> {
    await this.run(code, { type: 'rejoin', token, connection });
  }

  async leave(code: string, playerId: string): Promise<void> {
    await this.run(code, { type: 'leave', playerId });
  }

  async disconnect(code: string, playerId: string, connection: Connection): Promise<void> {
    await this.run(code, { type: 'disconnect', playerId, connection });
  }

  state(code: string): Promise<RoomState | undefined> {
    return this.deps.store.state(code);
  }

  async changeSettings(
    code: string,
    playerId: string,
    settings: Partial<Settings>,
  ): Promise<Ok | AckError> {
    let totals: RoomTotals | undefined;
    if (settings.scope !== undefined) {
      totals = this.totalsOf(settings.scope);
      if (!totals) return refusal('bad_request', `unknown scope: ${settings.scope.slice(0, 40)}`);
    }
    return this.okOrRefusal(await this.run(code, { type: 'settings', playerId, settings, totals }));
  }

  async start(code: string, playerId: string): Promise<Ok | AckError> {
    // Every start carries today's daily quiz; only a daily room plays it (server/rooms/daily-room.ts).
    const daily = this.dailyPin();
    const executed = await this.run(code, {
      type: 'start',
      playerId,
      gameId: randomId(9),
      ...(daily ? { daily } : {}),
    });
    // A start always announces the room's state, and with it the quiz.
    const scope = executed?.outcome.reply.ok && executed.state?.settings.scope;
    if (scope) this.deps.counts.gameStarted(scope);
    return this.okOrRefusal(executed);
  }

  /** The host holds a public lobby's countdown (server/rooms/auto-start.ts). */
  async holdStart(code: string, playerId: string): Promise<Ok | AckError> {
    return this.okOrRefusal(await this.run(code, { type: 'holdStart', playerId }));
  }

  async end(code: string, playerId: string): Promise<Ok | AckError> {
    return this.okOrRefusal(await this.run(code, { type: 'end', playerId }));
  }

  /** The host removes a player, who may not come back for a while (server/rooms/host-tools.ts). */
  async kick(code: string, playerId: string, target: string): Promise<Ok | AckError> {
    return this.okOrRefusal(await this.run(code, { type: 'kick', playerId, target }));
  }

  /** The host mutes a player's chat, or lets them talk again. */
  async mute(
    code: string,
    playerId: string,
    target: string,
    muted: boolean,
  ): Promise<Ok | AckError> {
    return this.okOrRefusal(await this.run(code, { type: 'mute', playerId, target, muted }));
  }

  /** The host passes the role to another player, who is connected. */
  async makeHost(code: string, playerId: string, target: string): Promise<Ok | AckError> {
    return this.okOrRefusal(await this.run(code, { type: 'host', playerId, target }));
  }

  async rematch(code: string, playerId: string): Promise<Ok | AckError> {
    return this.okOrRefusal(await this.run(code, { type: 'rematch', playerId }));
  }

  /**
   * Looks `text` up in the room's quiz and claims it. The settings this node
   * holds may lag another node's change of quiz; the room then says
   * `stale_scope`, and the guess is looked up once more in the room's own.
   */
  async guess(code: string, playerId: string, text: string): Promise<AckOf<'guess'>> {
    const settings = await this.deps.store.settings(code);
    if (!settings) return ROOM_GONE;
    const first = await this.claim(code, playerId, settings.scope, text);
    if (first !== 'stale') return first;
    const current = await this.deps.store.settings(code);
    if (!current) return ROOM_GONE;
    const second = await this.claim(code, playerId, current.scope, text);
    return second === 'stale' ? refusal('wrong_phase', 'the room is playing another quiz') : second;
  }

  /**
   * One pass of the clock over the rooms that have something due: ends,
   * expired seats, clean-up. Each room in a turn of the event loop of its
   * own: a game's end broadcasts its whole state, every find in it, and
   * games that end together would otherwise hold every socket for as long
   * as all their broadcasts take.
   */
  async tick(): Promise<void> {
    const now = this.clock();
    const { store } = this.deps;
    for (const code of await store.due(now)) {
      if (!(await store.removeIfAbandoned(code, now))) {
        const tick: Command = { type: 'tick', gameId: randomId(9) };
        const executed = await store.execute(code, tick, now, this.publisher(code));
        // A public lobby whose countdown ran out started its game.
        const started = executed?.outcome.reply.ok && executed.outcome.reply.started;
        if (started && executed.state) this.deps.counts.gameStarted(executed.state.settings.scope);
      }
      // setImmediate resolves after the I/O waiting now has been served.
      await nextTurn();
    }
  }

  /** Marks the seats held through a dead node as disconnected, in every room. */
  async lostNode(node: string): Promise<void> {
    for (const code of await this.deps.store.codes()) await this.run(code, { type: 'lost', node });
  }

  /** Resolves once every game that has ended so far is saved and announced. */
  settled(): Promise<void> {
    return this.deps.ending.settled();
  }

  private async claim(
    code: string,
    playerId: string,
    scopeId: string,
    text: string,
  ): Promise<AckOf<'guess'> | 'stale'> {
    const scope = this.deps.gazetteer.scope(scopeId);
    // A room's quiz was a known scope when it was set; only another node's newer data could differ.
    if (!scope) return refusal('bad_request', `unknown scope: ${scopeId.slice(0, 40)}`);
    let candidates;
    try {
      candidates = this.deps.resolver.resolveIn(scope, text);
    } catch (err) {
      if (err instanceof GuessError) return refusal('bad_request', err.message);
      this.deps.log.warn({ err }, 'guess resolution failed');
      return refusal('unavailable', 'the gazetteer is not reachable; try again');
    }
    const executed = await this.run(code, { type: 'guess', playerId, candidates, scope: scopeId });
    if (!executed) return ROOM_GONE;
    const { reply } = executed.outcome;
    if (!reply.ok)
      return reply.code === 'stale_scope' ? 'stale' : refusal(reply.code, reply.message);
    if (!reply.result) {
      // The rules answer every guess they accept with its result.
      this.deps.impossible.report('a guess was answered ok without a result', { code });
      return refusal('internal', 'something went wrong on the server');
    }
    return { ok: true, result: reply.result };
  }

  private async seatNewPlayer(
    code: string,
    nickname: string,
    connection: Connection,
    lobbyOnly = false,
    who: { browser?: string; formerToken?: string } = {},
  ): Promise<Seated | AckError> {
    const executed = await this.run(code, {
      type: 'join',
      nickname,
      playerId: randomId(9),
      token: randomId(24),
      connection,
      ...(lobbyOnly ? { lobbyOnly } : {}),
      ...(who.browser ? { browser: who.browser } : {}),
      ...(who.formerToken ? { formerToken: who.formerToken } : {}),
    });
    if (!executed) return refusal('not_found', 'no room with that code');
    if (executed.outcome.reply.ok) this.deps.counts.playerJoined();
    return this.seated(code, executed);
  }

  private async seated(code: string, executed: Executed): Promise<Seated | AckError> {
    const { reply } = executed.outcome;
    if (!reply.ok) return this.refusalOf(reply);
    const { playerId, token } = reply;
    if (!playerId || !token) {
      // The rules fill both whenever they grant a seat.
      this.deps.impossible.report('a seat was granted without a player id or token', { code });
      return refusal('internal', 'something went wrong on the server');
    }
    const room = executed.state ?? (await this.deps.store.state(code));
    if (!room) return ROOM_GONE;
    return {
      ok: true,
      code,
      room,
      you: { playerId, sessionToken: token },
      previous: reply.previous,
    };
  }

  private okOrRefusal(executed: Executed | undefined): Ok | AckError {
    if (!executed) return ROOM_GONE;
    const { reply } = executed.outcome;
    return reply.ok ? { ok: true } : this.refusalOf(reply);
  }

  /** A refusal of the rules as players read it; `stale_scope` only ever answers a guess. */
  private refusalOf(reply: { code: ErrorCode | 'stale_scope'; message: string }): AckError {
    return refusal(reply.code === 'stale_scope' ? 'wrong_phase' : reply.code, reply.message);
  }

  /** A daily room: today's quiz with the daily's settings, whatever else was asked. */
  private newDailyQuiz(settings: Partial<Settings>): NewQuiz | AckError {
    const pin = this.dailyPin();
    if (!pin) return refusal('unavailable', 'there is no daily quiz today');
    const full: Settings = {
      ...DEFAULT_SETTINGS,
      ...settings,
      ...DAILY_SETTINGS,
      scope: pin.scope,
      daily: true,
    };
    return { ok: true, settings: full, totals: pin.totals };
  }

  /** Today's daily quiz as a start pins it, when there is one. */
  private dailyPin(): DailyPin | undefined {
    const quiz = this.deps.dailyQuiz?.(this.clock());
    if (!quiz || !this.totalsOf(quiz.scope)) return undefined;
    const { number, date, scope, places, population } = quiz;
    return { number, date, scope, totals: { places, population } };
  }

  private totalsOf(scopeId: string): RoomTotals | undefined {
    const scope = this.deps.gazetteer.scope(scopeId);
    return scope && { places: scope.places, population: scope.population };
  }

  private run(code: string, command: Command): Promise<Executed | undefined> {
    return this.deps.store.execute(code, command, this.clock(), this.publisher(code));
  }

  /** Announces what a command did, in the order the room applied it. */
  private publisher(code: string) {
    return (executed: Executed) => {
      const { broadcaster, counts, ending } = this.deps;
      for (const event of executed.outcome.events) {
        if (event.type === 'found') {
          broadcaster.found(code, event.find);
          counts.found();
        } else if (event.type === 'chat') {
          broadcaster.chat?.(code, event.message);
        } else if (event.type === 'state' && executed.state) {
          broadcaster.state(code, executed.state);
        }
      }
      if (executed.ended) {
        counts.gameFinished(executed.ended.results.settings.scope);
        ending.begin(code, executed.ended);
      }
    };
  }
}

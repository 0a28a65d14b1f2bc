/**
 * The game rules of one room, pure: `applyCommand(room, command, now)`
 * changes the room and says what happened. No socket.io, no database, no
 * clock of its own: time comes in with each command, guesses arrive already
 * resolved to their candidate places, ids and tokens are made by the caller.
 *
 * A room is owned by its command queue (one command at a time), which is what
 * lets `applyCommand` change it in place rather than copy 20,000 finds per
 * guess; nothing else holds a reference to it.
 */
import type {
  ChatMessage,
  ErrorCode,
  Find,
  GuessResult,
  Mode,
  Phase,
  Place,
  Settings,
} from '../../protocol/types.js';
import { DEFAULT_SETTINGS } from '../../protocol/schemas.js';
import { colorForSeat } from './colors.js';
import { dailySettingsProblem, pinDaily, type DailyPin } from './daily-room.js';
import { autoStartDue, decideHoldStart, updateAutoStart } from './auto-start.js';
import { decideChat, releaseHeldChat, type ChatCommand, type SaidMessage } from './chat.js';
import { decideHostCommand, removedRefusal, type HostCommand, type Removal } from './host-tools.js';
import {
  decideSpectator,
  loseSpectators,
  uniqueNickname,
  type Spectator,
  type SpectatorCommand,
} from './spectating.js';

/** A place as the rooms keep it: the protocol's place and whether it is a capital. */
export type RoomPlace = Place & { capital: boolean };

/** Which socket on which server node holds a seat; several nodes share rooms. */
export interface Connection {
  node: string;
  socket: string;
}

export interface Seat {
  id: string;
  nickname: string;
  color: string;
  /** Takes the seat back after a disconnect; secret to its player. */
  token: string;
  connected: boolean;
  /** The connection holding the seat while connected; a disconnect from any other is stale. */
  connection: Connection | null;
  /** When the player disconnected, for the seat's expiry; null while connected. */
  disconnectedAt: number | null;
  /** Left for good (room:leave, or expired); kept while its finds are in a game. */
  left: boolean;
  /** The browser the seat was taken from (room:join's `browserId`), for a removal; never sent. */
  browser?: string;
  /** The host muted this player's chat (host-tools.ts). */
  muted?: boolean;
  /** The chat's allowance left, and when it was last counted (chat.ts). */
  chatAllowance?: number;
  chatCountedAt?: number;
}

export interface RoomTotals {
  places: number;
  population: number;
}

export interface Room {
  code: string;
  phase: Phase;
  hostId: string;
  settings: Settings;
  /** The scope's totals, set by the caller whenever the scope changes. */
  totals: RoomTotals;
  seats: Seat[];
  /** Every find of the current game, in order. */
  finds: Find[];
  /** Race and coop: who claimed each place (by GeoNames id). */
  claims: Map<number, string>;
  /** Parallel: the places each player named. */
  named: Map<string, Set<number>>;
  capitals: Set<number>;
  seq: number;
  createdAt: number;
  startedAt: number | null;
  endsAt: number | null;
  endedAt: number | null;
  /** The id the current (or last) game is saved under; '' before the first start. */
  gameId: string;
  /** Since when nobody has a seat, for the room's clean-up; null while someone has. */
  emptySince: number | null;
  /**
   * When a public lobby starts by itself (auto-start.ts); absent when no
   * countdown runs. Optional: rooms stored before it have none.
   */
  autoStartAt?: number;
  /** The host stopped this lobby's countdown; it does not come back until the next game. */
  autoStartHeld?: boolean;
  /** Who watches without a seat (spectating.ts); absent from rooms stored before them. */
  spectators?: Spectator[];
  /** The id of the chat's last line (chat.ts); absent before the first. */
  chatSeq?: number;
  /** Messages that named a place still to be found, read by the room when the game ends (chat.ts). */
  heldChat?: SaidMessage[];
  /** Players the host removed, kept out for a while (host-tools.ts). */
  removed?: Removal[];
  /** The daily quiz the current (or last) game plays, pinned at its start (daily-room.ts). */
  daily?: { number: number; date: string };
}

export type Command =
  | {
      type: 'join';
      nickname: string;
      playerId: string;
      token: string;
      connection?: Connection;
      /** Quick play: a seat only while the room is in its lobby. */
      lobbyOnly?: boolean;
      /** The browser asking (room:join's `browserId`), and the token it offered, for a removal. */
      browser?: string;
      formerToken?: string;
    }
  | { type: 'rejoin'; token: string; connection?: Connection }
  | { type: 'leave'; playerId: string }
  | { type: 'disconnect'; playerId: string; connection?: Connection }
  /** A server node died: every seat its sockets held is disconnected. */
  | { type: 'lost'; node: string }
  | { type: 'settings'; playerId: string; settings: Partial<Settings>; totals?: RoomTotals }
  /** `daily`: today's daily quiz, which a daily room's game plays (daily-room.ts). */
  | { type: 'start'; playerId: string; gameId: string; daily?: DailyPin }
  | { type: 'end'; playerId: string }
  | { type: 'rematch'; playerId: string }
  /** `scope`: the quiz the candidates were looked up in; a guess made for another is refused. */
  | { type: 'guess'; playerId: string; candidates: RoomPlace[]; scope?: string }
  /** The host stops a public lobby's countdown (auto-start.ts). */
  | { type: 'holdStart'; playerId: string }
  /** `gameId`: the id a game started by the lobby's countdown is saved under. */
  | { type: 'tick'; gameId?: string }
  | SpectatorCommand
  | ChatCommand
  | HostCommand;

/** What the caller must do after a command: broadcast, announce, save. */
export type RoomEvent =
  | { type: 'state' }
  | { type: 'found'; find: Find }
  | { type: 'ended' }
  /** A line of the chat, for the room to read (and the store to keep). */
  | { type: 'chat'; message: ChatMessage };

export type Reply =
  | {
      ok: true;
      playerId?: string;
      token?: string;
      result?: GuessResult;
      /** On a rejoin: the connection that held the seat until now, to detach it. */
      previous?: Connection | null;
      /** A chat message: whether it waits for the game's end (chat.ts). */
      held?: boolean;
      /** A tick started the game: the lobby's countdown ran out. */
      started?: boolean;
    }
  | { ok: false; code: RefusalCode; message: string };

/**
 * Why the rules refused a command: a public error code, or `stale_scope`,
 * which never reaches a player: a guess looked up in a quiz the room no
 * longer plays (another node changed it); the game service looks it up
 * again in the room's own (server/game/game-service.ts).
 */
export type RefusalCode = ErrorCode | 'stale_scope';

export interface Outcome {
  reply: Reply;
  events: RoomEvent[];
}

/** How long a disconnected player's seat is kept for them. */
export const SEAT_HOLD_MS = 10 * 60 * 1000;
/** How long a room with no seats left is kept before it is cleaned up. */
export const EMPTY_ROOM_GRACE_MS = 60 * 1000;
/**
 * How long a disconnected host keeps the role while others are connected.
 * Past it a connected player becomes host, so that nobody waits forever for
 * a host who closed the tab; a reload comes back well within it.
 */
export const HOST_HANDOVER_MS = 30 * 1000;

/**
 * When a `tick` next has something to do in the room: the end of its game,
 * the expiry of a disconnected seat, the clean-up of an empty room. Infinity
 * when nothing is pending; stores tick only rooms that are due.
 */
export function nextDue(room: Room): number {
  let due = Infinity;
  if (room.phase === 'playing' && room.endsAt !== null) due = room.endsAt;
  for (const seat of room.seats) {
    if (!seat.left && !seat.connected && seat.disconnectedAt !== null) {
      due = Math.min(due, seat.disconnectedAt + SEAT_HOLD_MS);
    }
  }
  if (room.emptySince !== null) due = Math.min(due, room.emptySince + EMPTY_ROOM_GRACE_MS);
  const away = awayHost(room);
  if (away) due = Math.min(due, away.disconnectedAt! + HOST_HANDOVER_MS);
  if (room.phase === 'lobby' && room.autoStartAt !== undefined) {
    due = Math.min(due, room.autoStartAt);
  }
  return due;
}

/** The host's seat when the host is disconnected and someone else is connected to take over. */
function awayHost(room: Room): Seat | undefined {
  const host = seatOf(room, room.hostId);
  if (!host || host.connected || host.disconnectedAt === null) return undefined;
  return activeSeats(room).some((s) => s.connected) ? host : undefined;
}

const sameConnection = (a: Connection | null, b: Connection) =>
  a !== null && a.node === b.node && a.socket === b.socket;

/** Whether nobody has had a seat in the room for the grace period. */
export function isAbandoned(room: Room, now: number): boolean {
  return room.emptySince !== null && now - room.emptySince >= EMPTY_ROOM_GRACE_MS;
}

export function createRoom(
  code: string,
  settings: Settings,
  totals: RoomTotals,
  now: number,
): Room {
  return {
    code,
    phase: 'lobby',
    hostId: '',
    settings,
    totals,
    seats: [],
    finds: [],
    claims: new Map(),
    named: new Map(),
    capitals: new Set(),
    seq: 0,
    createdAt: now,
    startedAt: null,
    endsAt: null,
    endedAt: null,
    gameId: '',
    emptySince: now,
  };
}

export const defaultSettings = (): Settings => ({ ...DEFAULT_SETTINGS });

const fail = (code: RefusalCode, message: string): Outcome => ({
  reply: { ok: false, code, message },
  events: [],
});
const ok = (events: RoomEvent[] = [], extra: Omit<Reply & { ok: true }, 'ok'> = {}): Outcome => ({
  reply: { ok: true, ...extra },
  events,
});

/** Seats that count as players now: not gone for good. */
export function activeSeats(room: Room): Seat[] {
  return room.seats.filter((seat) => !seat.left);
}

function seatOf(room: Room, playerId: string): Seat | undefined {
  return room.seats.find((seat) => seat.id === playerId && !seat.left);
}

function disconnect(seat: Seat, now: number): void {
  seat.connected = false;
  seat.connection = null;
  seat.disconnectedAt = now;
}

function passHostOn(room: Room): void {
  if (seatOf(room, room.hostId)) return;
  const next = activeSeats(room).find((s) => s.connected) ?? activeSeats(room)[0];
  room.hostId = next?.id ?? '';
}

function resetGame(room: Room): void {
  room.finds = [];
  room.claims = new Map();
  room.named = new Map();
  room.capitals = new Set();
  room.startedAt = null;
  room.endsAt = null;
  room.endedAt = null;
}

function finish(room: Room, now: number): RoomEvent[] {
  room.phase = 'finished';
  room.endedAt = now;
  room.endsAt = null;
  return [{ type: 'ended' }, { type: 'state' }, ...releaseHeldChat(room)];
}

/** Whether `place` is still open to `playerId` under the room's mode. */
function isOpen(room: Room, mode: Mode, playerId: string, place: RoomPlace): boolean {
  if (mode === 'parallel') return !room.named.get(playerId)?.has(place.id);
  return !room.claims.has(place.id);
}

function guess(room: Room, playerId: string, candidates: RoomPlace[], now: number): Outcome {
  const { mode } = room.settings;
  const open = candidates.find((place) => isOpen(room, mode, playerId, place));
  if (!open) {
    const first = candidates[0];
    if (!first) return ok([], { result: { kind: 'miss' } });
    const stripped = toPlace(first);
    if (mode === 'race') {
      const other = candidates.find((p) => {
        const owner = room.claims.get(p.id);
        return owner !== undefined && owner !== playerId;
      });
      if (other) {
        return ok([], {
          result: { kind: 'taken', place: toPlace(other), by: room.claims.get(other.id)! },
        });
      }
    }
    return ok([], { result: { kind: 'repeat', place: stripped } });
  }
  if (mode === 'parallel') {
    let named = room.named.get(playerId);
    if (!named) room.named.set(playerId, (named = new Set()));
    named.add(open.id);
  } else {
    room.claims.set(open.id, playerId);
  }
  if (open.capital) room.capitals.add(open.id);
  const place = toPlace(open);
  const find: Find = { seq: ++room.seq, place, playerId, at: now };
  room.finds.push(find);
  return ok([{ type: 'found', find }], { result: { kind: 'found', place } });
}

/** The protocol's place: what clients may see of a place. */
export function toPlace(place: RoomPlace): Place {
  const { id, name, country, admin1, lat, lon, population } = place;
  return { id, name, country, admin1, lat, lon, population };
}

/** Applies one command at time `now` (ms since the epoch). */
export function applyCommand(room: Room, command: Command, now: number): Outcome {
  const outcome = decide(room, command, now);
  const empty = activeSeats(room).length === 0;
  if (empty && room.emptySince === null) room.emptySince = now;
  if (!empty) room.emptySince = null;
  // A countdown that began or stopped is news to the room.
  if (updateAutoStart(room, now) && !outcome.events.some((e) => e.type === 'state')) {
    outcome.events.push({ type: 'state' });
  }
  // Every broadcast the caller makes counts as one room event.
  if (outcome.events.some((e) => e.type === 'state' || e.type === 'ended')) room.seq++;
  return outcome;
}

/** One kind of command, with the fields it carries. */
type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

function decide(room: Room, command: Command, now: number): Outcome {
  switch (command.type) {
    case 'join':
      return decideJoin(room, command, now);
    case 'rejoin':
      return decideRejoin(room, command);
    case 'disconnect':
      return decideDisconnect(room, command, now);
    case 'lost':
      return decideLost(room, command, now);
    case 'leave':
      return decideLeave(room, command);
    case 'settings':
      return decideSettings(room, command);
    case 'start':
      return decideStart(room, command, now);
    case 'end':
      return decideEnd(room, command, now);
    case 'tick':
      return decideTick(room, command, now);
    case 'holdStart':
      return decideHoldStart(room, command);
    case 'rematch':
      return decideRematch(room, command);
    case 'chat':
      return decideChat(room, command, now);
    case 'kick':
    case 'mute':
    case 'host':
      return decideHostCommand(room, command, now);
    case 'guess':
      return decideGuess(room, command, now);
    case 'spectate':
    case 'respectate': {
      // A spectator the host removed is kept out as a player is (host-tools.ts).
      const join =
        command.type === 'spectate'
          ? { formerToken: command.formerToken, browser: command.browser }
          : { formerToken: command.token };
      return removedRefusal(room, join, now) ?? decideSpectator(room, command, now);
    }
    case 'unspectate':
    case 'spectatorDisconnect':
      return decideSpectator(room, command, now);
  }
}

function decideJoin(room: Room, command: CommandOf<'join'>, now: number): Outcome {
  const removed = removedRefusal(room, command, now);
  if (removed) return removed;
  if (command.lobbyOnly && room.phase !== 'lobby') {
    return fail('wrong_phase', 'the room is playing already');
  }
  if (activeSeats(room).length >= room.settings.maxPlayers) {
    return fail('room_full', `the room has ${room.settings.maxPlayers} players already`);
  }
  const seat: Seat = {
    id: command.playerId,
    nickname: uniqueNickname(room, command.nickname),
    color: colorForSeat(room.seats.map((s) => s.color)),
    token: command.token,
    connected: true,
    connection: command.connection ?? null,
    disconnectedAt: null,
    left: false,
  };
  if (command.browser) seat.browser = command.browser;
  room.seats.push(seat);
  if (!room.hostId) room.hostId = seat.id;
  return ok([{ type: 'state' }], { playerId: seat.id, token: seat.token });
}

function decideRejoin(room: Room, command: CommandOf<'rejoin'>): Outcome {
  const seat = room.seats.find((s) => s.token === command.token && !s.left);
  if (!seat) return fail('unauthorized', 'that session is not in this room');
  const previous = seat.connection;
  seat.connected = true;
  seat.connection = command.connection ?? null;
  seat.disconnectedAt = null;
  if (!room.hostId) room.hostId = seat.id;
  return ok([{ type: 'state' }], { playerId: seat.id, token: seat.token, previous });
}

function decideDisconnect(room: Room, command: CommandOf<'disconnect'>, now: number): Outcome {
  const seat = seatOf(room, command.playerId);
  if (!seat || !seat.connected) return ok();
  // The seat was taken back over another connection since: this one is stale.
  if (command.connection && !sameConnection(seat.connection, command.connection)) return ok();
  disconnect(seat, now);
  return ok([{ type: 'state' }]);
}

function decideLost(room: Room, command: CommandOf<'lost'>, now: number): Outcome {
  const held = activeSeats(room).filter((s) => s.connected && s.connection?.node === command.node);
  for (const seat of held) disconnect(seat, now);
  const watching = loseSpectators(room, command.node, now);
  return ok(held.length > 0 || watching ? [{ type: 'state' }] : []);
}

function decideLeave(room: Room, command: CommandOf<'leave'>): Outcome {
  const seat = seatOf(room, command.playerId);
  if (!seat) return fail('not_found', 'you are not in this room');
  removeSeat(room, seat);
  // A host who leaves passes the role on at once, to someone connected.
  passHostOn(room);
  return ok([{ type: 'state' }]);
}

/** The seat's player is gone for good (left or removed); the seat stays while its finds are in the game. */
export function removeSeat(room: Room, seat: Seat): void {
  seat.left = true;
  seat.connected = false;
  seat.connection = null;
  // A seat without finds has nothing to keep for the results.
  if (!room.finds.some((f) => f.playerId === seat.id)) {
    room.seats = room.seats.filter((s) => s !== seat);
  }
}

function decideSettings(room: Room, command: CommandOf<'settings'>): Outcome {
  if (command.playerId !== room.hostId) return fail('not_host', 'only the host changes settings');
  // The chat's filter is the room's, not the quiz's: the host may turn it off or on in any phase.
  const keys = Object.keys(command.settings);
  const chatOnly = keys.length > 0 && keys.every((key) => key === 'chatFilter');
  if (room.phase !== 'lobby' && !chatOnly) {
    return fail('wrong_phase', 'settings change in the lobby only');
  }
  const dailyProblem = dailySettingsProblem(room, command.settings);
  if (dailyProblem) return fail('bad_request', dailyProblem);
  const next = { ...room.settings, ...command.settings };
  if (next.maxPlayers < activeSeats(room).length) {
    return fail('bad_request', 'maxPlayers is below the number of players in the room');
  }
  room.settings = next;
  if (command.totals) room.totals = command.totals;
  return ok([{ type: 'state' }]);
}

function decideStart(room: Room, command: CommandOf<'start'>, now: number): Outcome {
  if (command.playerId !== room.hostId) return fail('not_host', 'only the host starts the game');
  if (room.phase !== 'lobby') return fail('wrong_phase', 'the game has started already');
  if (!pinDaily(room, command.daily)) return fail('unavailable', 'there is no daily quiz today');
  resetGame(room);
  room.phase = 'playing';
  room.gameId = command.gameId;
  room.startedAt = now;
  room.endsAt = room.settings.durationSec > 0 ? now + room.settings.durationSec * 1000 : null;
  room.autoStartHeld = undefined;
  return ok([{ type: 'state' }]);
}

function decideEnd(room: Room, command: CommandOf<'end'>, now: number): Outcome {
  if (command.playerId !== room.hostId) return fail('not_host', 'only the host ends the game');
  if (room.phase !== 'playing') return fail('wrong_phase', 'no game is being played');
  return ok(finish(room, now));
}

/**
 * What time alone does: starts a public lobby whose countdown ran out, ends a
 * game on time, expires seats, hands an away host's role over.
 */
function decideTick(room: Room, command: CommandOf<'tick'>, now: number): Outcome {
  if (autoStartDue(room, now) && command.gameId) {
    const started = decideStart(
      room,
      { type: 'start', playerId: room.hostId, gameId: command.gameId },
      now,
    );
    if (started.reply.ok) return ok(started.events, { started: true });
  }
  const events: RoomEvent[] = [];
  if (room.phase === 'playing' && room.endsAt !== null && now >= room.endsAt) {
    events.push(...finish(room, room.endsAt));
  }
  const expired = room.seats.filter(
    (s) =>
      !s.left &&
      !s.connected &&
      s.disconnectedAt !== null &&
      now - s.disconnectedAt >= SEAT_HOLD_MS,
  );
  for (const seat of expired) {
    seat.left = true;
    if (!room.finds.some((f) => f.playerId === seat.id)) {
      room.seats = room.seats.filter((s) => s !== seat);
    }
  }
  const away = awayHost(room);
  const handOver = away !== undefined && now - away.disconnectedAt! >= HOST_HANDOVER_MS;
  if (handOver) room.hostId = activeSeats(room).find((seat) => seat.connected)!.id;
  if (expired.length > 0) passHostOn(room);
  if ((expired.length > 0 || handOver) && !events.some((e) => e.type === 'state')) {
    events.push({ type: 'state' });
  }
  return ok(events);
}

function decideRematch(room: Room, command: CommandOf<'rematch'>): Outcome {
  if (command.playerId !== room.hostId) return fail('not_host', 'only the host starts a rematch');
  if (room.phase !== 'finished') return fail('wrong_phase', 'the game is not finished');
  resetGame(room);
  room.seats = activeSeats(room);
  room.phase = 'lobby';
  return ok([{ type: 'state' }]);
}

function decideGuess(room: Room, command: CommandOf<'guess'>, now: number): Outcome {
  if (!seatOf(room, command.playerId)) return fail('not_found', 'you are not in this room');
  if (room.phase !== 'playing') return fail('wrong_phase', 'no game is being played');
  if (room.endsAt !== null && now >= room.endsAt) return fail('wrong_phase', 'time is up');
  if (command.scope !== undefined && command.scope !== room.settings.scope) {
    return fail('stale_scope', 'the room is playing another quiz');
  }
  return guess(room, command.playerId, command.candidates, now);
}

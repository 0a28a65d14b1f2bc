/**
 * What the host may do to the players of the room (feature `host-tools`):
 * remove one, mute one's chat, pass the host role on; and remove or mute a
 * spectator (feature `spectate`) the same way. Each is told to the
 * room: a removal and a mute as a chat line everyone reads ("Ana removed
 * Troll"), a new host by the room's state.
 *
 * A removed player cannot come back for KICK_HOLD_MS: not with the seat's
 * token, and not with a new seat from the same browser (the `browserId`
 * the client keeps and sends with room:join). A player who clears their
 * browser's storage gets round that; it keeps a troll out, not a determined one.
 */
import { KICK_HOLD_MS } from '../../protocol/chat.js';
import type { ChatMessage } from '../../protocol/types.js';
import { nextChatId } from './chat.js';
import { activeSeats, removeSeat, type Outcome, type Room, type Seat } from './room.js';
import type { Spectator } from './spectating.js';

export type HostCommand =
  | { type: 'kick'; playerId: string; target: string }
  | { type: 'mute'; playerId: string; target: string; muted: boolean }
  | { type: 'host'; playerId: string; target: string };

/** A player the host removed: what would bring them back, and until when it is refused. */
export interface Removal {
  playerId: string;
  token: string;
  browser?: string;
  until: number;
}

const refused = (code: 'not_host' | 'not_found' | 'bad_request', message: string): Outcome => ({
  reply: { ok: false, code, message },
  events: [],
});

/** The host's target: a player seated in the room, not the host. */
function target(room: Room, command: HostCommand, verb: string): Seat | Outcome {
  if (command.playerId !== room.hostId) return refused('not_host', `only the host can ${verb}`);
  const seat = activeSeats(room).find((s) => s.id === command.target);
  if (!seat) return refused('not_found', 'that player is not in this room');
  if (seat.id === room.hostId) return refused('bad_request', `the host cannot ${verb} themselves`);
  return seat;
}

const isOutcome = (value: Seat | Outcome): value is Outcome => 'reply' in value;

/** The host's target when it is a spectator (feature `spectate`): removed and muted as a player is. */
function spectatorTarget(room: Room, command: HostCommand): Spectator | undefined {
  if (command.playerId !== room.hostId) return undefined;
  return room.spectators?.find((s) => s.id === command.target);
}

export function decideHostCommand(room: Room, command: HostCommand, now: number): Outcome {
  const spectator = command.type !== 'host' ? spectatorTarget(room, command) : undefined;
  if (spectator && command.type === 'kick') return kickSpectator(room, spectator, now);
  if (spectator && command.type === 'mute') return muteSpectator(room, spectator, command, now);
  switch (command.type) {
    case 'kick':
      return decideKick(room, command, now);
    case 'mute':
      return decideMute(room, command, now);
    case 'host':
      return decideHost(room, command);
  }
}

function decideKick(room: Room, command: HostCommand, now: number): Outcome {
  const seat = target(room, command, 'remove a player');
  if (isOutcome(seat)) return seat;
  const host = activeSeats(room).find((s) => s.id === room.hostId)!;
  removeSeat(room, seat);
  const removal: Removal = { playerId: seat.id, token: seat.token, until: now + KICK_HOLD_MS };
  if (seat.browser) removal.browser = seat.browser;
  room.removed = [...stillRemoved(room, now), removal];
  const message: ChatMessage = {
    kind: 'removed',
    id: nextChatId(room),
    at: now,
    playerId: seat.id,
    nickname: seat.nickname,
    by: host.nickname,
  };
  // The line first: the removed player's socket still hears it, then stops hearing the room.
  return { reply: { ok: true }, events: [{ type: 'chat', message }, { type: 'state' }] };
}

function decideMute(room: Room, command: HostCommand & { type: 'mute' }, now: number): Outcome {
  const seat = target(room, command, 'mute a player');
  if (isOutcome(seat)) return seat;
  if (Boolean(seat.muted) === command.muted) return { reply: { ok: true }, events: [] };
  if (command.muted) seat.muted = true;
  else delete seat.muted;
  const host = activeSeats(room).find((s) => s.id === room.hostId)!;
  const message: ChatMessage = {
    kind: 'muted',
    id: nextChatId(room),
    at: now,
    playerId: seat.id,
    nickname: seat.nickname,
    by: host.nickname,
    muted: command.muted,
  };
  return { reply: { ok: true }, events: [{ type: 'chat', message }, { type: 'state' }] };
}

/**
 * The host removes a spectator: the place is gone, and the line tells the
 * room; the sockets that watched under it stop hearing the room after that
 * line (server/realtime/chat-channel.ts). Held out like a removed player.
 */
function kickSpectator(room: Room, spectator: Spectator, now: number): Outcome {
  const host = activeSeats(room).find((s) => s.id === room.hostId)!;
  room.spectators = (room.spectators ?? []).filter((s) => s !== spectator);
  const removal: Removal = {
    playerId: spectator.id,
    token: spectator.token,
    until: now + KICK_HOLD_MS,
  };
  if (spectator.browser) removal.browser = spectator.browser;
  room.removed = [...stillRemoved(room, now), removal];
  const message: ChatMessage = {
    kind: 'removed',
    id: nextChatId(room),
    at: now,
    playerId: spectator.id,
    nickname: spectator.nickname,
    by: host.nickname,
  };
  return { reply: { ok: true }, events: [{ type: 'chat', message }, { type: 'state' }] };
}

function muteSpectator(
  room: Room,
  spectator: Spectator,
  command: HostCommand & { type: 'mute' },
  now: number,
): Outcome {
  if (Boolean(spectator.muted) === command.muted) return { reply: { ok: true }, events: [] };
  if (command.muted) spectator.muted = true;
  else delete spectator.muted;
  const host = activeSeats(room).find((s) => s.id === room.hostId)!;
  const message: ChatMessage = {
    kind: 'muted',
    id: nextChatId(room),
    at: now,
    playerId: spectator.id,
    nickname: spectator.nickname,
    by: host.nickname,
    muted: command.muted,
  };
  return { reply: { ok: true }, events: [{ type: 'chat', message }, { type: 'state' }] };
}

function decideHost(room: Room, command: HostCommand): Outcome {
  const seat = target(room, command, 'pass the host role to');
  if (isOutcome(seat)) return seat;
  if (!seat.connected) return refused('bad_request', `${seat.nickname} is away`);
  room.hostId = seat.id;
  return { reply: { ok: true }, events: [{ type: 'state' }] };
}

/** The removals still in force at `now`; those past their hold are forgotten. */
function stillRemoved(room: Room, now: number): Removal[] {
  return (room.removed ?? []).filter((r) => r.until > now);
}

/**
 * Why a join is refused, when the player it would seat was removed less
 * than KICK_HOLD_MS ago: by the token of the removed seat, or by the browser.
 */
export function removedRefusal(
  room: Room,
  join: { formerToken?: string; browser?: string },
  now: number,
): Outcome | undefined {
  const removal = stillRemoved(room, now).find(
    (r) =>
      (join.formerToken !== undefined && r.token === join.formerToken) ||
      (join.browser !== undefined && r.browser === join.browser),
  );
  if (!removal) return undefined;
  const minutes = Math.max(1, Math.ceil((removal.until - now) / 60_000));
  return {
    reply: {
      ok: false,
      code: 'unauthorized',
      message: `the host removed you from this room; you can come back in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    },
    events: [],
  };
}

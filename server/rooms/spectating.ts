/**
 * Spectators: people who watch a room without a seat (feature `spectate`).
 * They see what the players see (the map, the scoreboard, every find) and
 * are listed apart from the players; they cannot guess or command the game.
 * Like a seat, a spectator's place is taken back by its token after a lost
 * connection or a reload, on any node: it lives in the room, so the Redis
 * store carries it with the room's core.
 *
 * No timer: a spectator who goes away stays on the list, not shown, until
 * the room needs the place for another (MAX_SPECTATORS), or comes back.
 */
import { MAX_SPECTATORS } from '../../protocol/reactions.js';
import { shortenNickname } from '../../protocol/nickname.js';
import { NICKNAME_MAX_LENGTH } from '../../protocol/schemas.js';
import type { SpectatorInfo } from '../../protocol/types.js';
import { nicknameKeys } from './nickname-skeleton.js';
import type { Connection, Outcome, Room } from './room.js';

export interface Spectator {
  id: string;
  nickname: string;
  /** Takes the place back after a disconnect; secret to its spectator. */
  token: string;
  connection: Connection | null;
  /** When the connection dropped; null while connected. */
  disconnectedAt: number | null;
  /** The browser the spectator watches from (room:spectate's `browserId`), for a removal; never sent. */
  browser?: string;
  /** The host muted this spectator's chat (host-tools.ts). */
  muted?: boolean;
  /** The chat's allowance left, and when it was last counted (chat.ts), as a seat's. */
  chatAllowance?: number;
  chatCountedAt?: number;
}

export type SpectatorCommand =
  | {
      type: 'spectate';
      nickname: string;
      spectatorId: string;
      token: string;
      connection?: Connection;
      /** The browser asking, and the token it offered, for a removal (host-tools.ts). */
      browser?: string;
      formerToken?: string;
    }
  | { type: 'respectate'; token: string; connection?: Connection }
  | { type: 'unspectate'; spectatorId: string }
  | { type: 'spectatorDisconnect'; spectatorId: string; connection?: Connection };

const changed = (extra: Outcome['reply'] = { ok: true }): Outcome => ({
  reply: extra,
  events: [{ type: 'state' }],
});
const unchanged: Outcome = { reply: { ok: true }, events: [] };
const refused = (code: 'room_full' | 'unauthorized', message: string): Outcome => ({
  reply: { ok: false, code, message },
  events: [],
});

function spectatorsOf(room: Room): Spectator[] {
  return (room.spectators ??= []);
}

/** The spectators watching now, as `room:state` lists them. */
export function spectatorList(room: Room): SpectatorInfo[] {
  return (room.spectators ?? [])
    .filter((s) => s.disconnectedAt === null)
    .map(({ id, nickname, muted }) => (muted ? { id, nickname, muted: true } : { id, nickname }));
}

/** The nickname keys spectators hold, so that nobody in the room passes for another. */
export function spectatorNames(room: Room): [string, string][] {
  return spectatorList(room).map((s) => nicknameKeys(s.nickname));
}

/**
 * A nickname made unique among the room's players and spectators: "Ben",
 * "Ben 2", "Ben 3"... Names that pass for one another count as the same:
 * "ben", "hоst" (Cyrillic о) beside "host", "ｈｏｓｔ" (nickname-skeleton.ts).
 */
export function uniqueNickname(room: Room, wanted: string): string {
  const taken = [
    ...room.seats.filter((s) => !s.left).map((s) => nicknameKeys(s.nickname)),
    ...spectatorNames(room),
  ];
  const isTaken = (name: string) => {
    const [exact, lower] = nicknameKeys(name);
    return taken.some(([e, l]) => e === exact || l === lower);
  };
  if (!isTaken(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const candidate = shortenNickname(wanted, NICKNAME_MAX_LENGTH - suffix.length) + suffix;
    if (!isTaken(candidate)) return candidate;
  }
}

const sameConnection = (a: Connection | null, b: Connection) =>
  a !== null && a.node === b.node && a.socket === b.socket;

/** Applies a spectator's command; `now` dates a disconnect. */
export function decideSpectator(room: Room, command: SpectatorCommand, now: number): Outcome {
  const spectators = spectatorsOf(room);
  switch (command.type) {
    case 'spectate': {
      if (spectators.length >= MAX_SPECTATORS) {
        // Make room by forgetting whoever has been away longest.
        const away = spectators
          .filter((s) => s.disconnectedAt !== null)
          .sort((a, b) => a.disconnectedAt! - b.disconnectedAt!)[0];
        if (!away) return refused('room_full', `the room has ${MAX_SPECTATORS} spectators already`);
        spectators.splice(spectators.indexOf(away), 1);
      }
      const spectator: Spectator = {
        id: command.spectatorId,
        nickname: uniqueNickname(room, command.nickname),
        token: command.token,
        connection: command.connection ?? null,
        disconnectedAt: null,
      };
      if (command.browser) spectator.browser = command.browser;
      spectators.push(spectator);
      return changed({ ok: true, playerId: command.spectatorId, token: command.token });
    }
    case 'respectate': {
      const spectator = spectators.find((s) => s.token === command.token);
      if (!spectator) return refused('unauthorized', 'that session is not watching this room');
      const previous = spectator.connection;
      spectator.connection = command.connection ?? null;
      spectator.disconnectedAt = null;
      return changed({ ok: true, playerId: spectator.id, token: spectator.token, previous });
    }
    case 'unspectate': {
      const index = spectators.findIndex((s) => s.id === command.spectatorId);
      if (index < 0) return unchanged;
      spectators.splice(index, 1);
      return changed();
    }
    case 'spectatorDisconnect': {
      const spectator = spectators.find((s) => s.id === command.spectatorId);
      if (!spectator || spectator.disconnectedAt !== null) return unchanged;
      if (command.connection && !sameConnection(spectator.connection, command.connection)) {
        return unchanged;
      }
      spectator.connection = null;
      spectator.disconnectedAt = now;
      return changed();
    }
  }
}

/** A server node died: its spectators are away; true when any was. */
export function loseSpectators(room: Room, node: string, now: number): boolean {
  let lost = false;
  for (const spectator of room.spectators ?? []) {
    if (spectator.connection?.node !== node) continue;
    spectator.connection = null;
    spectator.disconnectedAt = now;
    lost = true;
  }
  return lost;
}

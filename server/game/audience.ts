/**
 * Around the game, for those who do not play it or not only: spectators
 * (watch a room without a seat, server/rooms/spectating.ts), the look at a
 * room before joining or watching it (`room:peek`, for a late joiner's
 * choice), and reactions (a fixed set of emoji, sent to everyone in the
 * room). Like the game service, it knows neither sockets nor the database.
 */
import type { AckOf } from '../../protocol/events.js';
import type { AckError, Reaction, RoomPeek } from '../../protocol/types.js';
import type { Connection } from '../rooms/room.js';
import { randomId } from '../rooms/room-codes.js';
import type { Executed, RoomStore } from '../rooms/room-store.js';
import type { SpectatorCommand } from '../rooms/spectating.js';
import type { RoomBroadcaster } from './ports.js';

export interface AudienceDeps {
  store: RoomStore;
  broadcaster: RoomBroadcaster;
  clock: () => number;
}

/** A spectator's place granted: the ack, the room, and the connection that held it before. */
export type Watching = AckOf<'room:spectate'> & {
  ok: true;
  code: string;
  previous?: Connection | null;
};

const refusal = (code: AckError['error']['code'], message: string): AckError => ({
  ok: false,
  error: { code, message },
});
const NO_ROOM = refusal('not_found', 'no room with that code');

export class Audience {
  constructor(private readonly deps: AudienceDeps) {}

  /**
   * Watches `code`: the place of `sessionToken` when it is still this room's,
   * else a new one; `browser` (room:spectate's `browserId`) and the token keep
   * out a spectator the host removed.
   */
  async spectate(
    code: string,
    nickname: string,
    connection: Connection,
    sessionToken?: string,
    browser?: string,
  ): Promise<Watching | AckError> {
    if (sessionToken) {
      const back = await this.run(code, { type: 'respectate', token: sessionToken, connection });
      if (!back) return NO_ROOM;
      if (back.outcome.reply.ok) return this.watching(code, back);
    }
    const executed = await this.run(code, {
      type: 'spectate',
      nickname,
      spectatorId: randomId(9),
      token: randomId(24),
      connection,
      // A spectator the host removed is known by either (host-tools.ts).
      ...(browser ? { browser } : {}),
      ...(sessionToken ? { formerToken: sessionToken } : {}),
    });
    return executed ? this.watching(code, executed) : NO_ROOM;
  }

  /** A connection re-established after other nodes took this one for dead. */
  async respectate(code: string, token: string, connection: Connection): Promise<void> {
    await this.run(code, { type: 'respectate', token, connection });
  }

  async unspectate(code: string, spectatorId: string): Promise<void> {
    await this.run(code, { type: 'unspectate', spectatorId });
  }

  async disconnect(code: string, spectatorId: string, connection: Connection): Promise<void> {
    await this.run(code, { type: 'spectatorDisconnect', spectatorId, connection });
  }

  /** What the room is doing, for someone deciding whether to join or watch it. */
  async peek(code: string): Promise<AckOf<'room:peek'>> {
    const room = await this.deps.store.state(code);
    if (!room) return NO_ROOM;
    const peek: RoomPeek = {
      code: room.code,
      phase: room.phase,
      mode: room.settings.mode,
      scope: room.settings.scope,
      players: room.players.length,
      connected: room.players.filter((p) => p.connected).length,
      maxPlayers: room.settings.maxPlayers,
      spectators: room.spectators?.length ?? 0,
      endsAt: room.endsAt,
    };
    return { ok: true, room: peek };
  }

  /** Sends a reaction of `from` (a player's or spectator's id) to everyone in the room. */
  react(code: string, from: string, emoji: Reaction): AckOf<'room:react'> {
    this.deps.broadcaster.reacted?.(code, { from, emoji, at: this.deps.clock() });
    return { ok: true };
  }

  private async watching(code: string, executed: Executed): Promise<Watching | AckError> {
    const { reply } = executed.outcome;
    if (!reply.ok) {
      const code_ = reply.code === 'stale_scope' ? 'internal' : reply.code;
      return refusal(code_, reply.message);
    }
    const room = executed.state ?? (await this.deps.store.state(code));
    if (!room || !reply.playerId || !reply.token) return NO_ROOM;
    return {
      ok: true,
      code,
      room,
      you: { spectatorId: reply.playerId, sessionToken: reply.token },
      previous: reply.previous,
    };
  }

  private run(code: string, command: SpectatorCommand): Promise<Executed | undefined> {
    return this.deps.store.execute(code, command, this.deps.clock(), (executed) => {
      for (const event of executed.outcome.events) {
        if (event.type === 'state' && executed.state) {
          this.deps.broadcaster.state(code, executed.state);
        }
      }
    });
  }
}

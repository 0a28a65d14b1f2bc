/**
 * The room's chat around the rules (feature `chat`): a message is masked
 * (chat-filter.ts) and read for the places it names in the room's quiz
 * (server/places/mentions.ts) here, then the room decides (server/rooms/
 * chat.ts): refused, read by the room now, or held until the game ends. Like
 * the game service it belongs to, it knows neither sockets nor the database.
 */
import type { AckOf } from '../../protocol/events.js';
import type { AckError } from '../../protocol/types.js';
import type { Gazetteer } from '../places/gazetteer.js';
import { placesNamedIn } from '../places/mentions.js';
import type { GuessResolver } from '../places/resolve-guess.js';
import type { Command } from '../rooms/room.js';
import type { Executed, RoomStore } from '../rooms/room-store.js';
import { maskRudeWords } from './chat-filter.js';

export interface RoomChatDeps {
  store: RoomStore;
  gazetteer: Pick<Gazetteer, 'scope'>;
  resolver: Pick<GuessResolver, 'resolveIn'>;
  /** Runs a command on the room and announces what it did (the game service's). */
  run(code: string, command: Command): Promise<Executed | undefined>;
}

const refusal = (code: AckError['error']['code'], message: string): AckError => ({
  ok: false,
  error: { code, message },
});
const ROOM_GONE = refusal('not_found', 'the room is gone');

export class RoomChat {
  constructor(private readonly deps: RoomChatDeps) {}

  /**
   * Says `text` (cleaned by the protocol's schema) in the room. The
   * settings this node holds may lag another node's change of quiz; the
   * room then says `stale_scope`, and the text is read once more in the room's own.
   */
  async say(code: string, playerId: string, text: string): Promise<AckOf<'chat:send'>> {
    const masked = maskRudeWords(text);
    for (let attempt = 0; attempt < 2; attempt++) {
      const settings = await this.deps.store.settings(code);
      if (!settings) return ROOM_GONE;
      const mentions = await this.mentionsIn(code, settings.scope, text);
      const command: Command = {
        type: 'chat',
        playerId,
        text,
        masked,
        mentions,
        scope: settings.scope,
      };
      const executed = await this.deps.run(code, command);
      if (!executed) return ROOM_GONE;
      const { reply } = executed.outcome;
      if (reply.ok) return { ok: true, held: reply.held === true };
      if (reply.code !== 'stale_scope') return refusal(reply.code, reply.message);
    }
    return refusal('wrong_phase', 'the room is playing another quiz');
  }

  /**
   * The places `text` names in the quiz `scopeId`, the nicknames of the
   * room's players and spectators left out (mentions.ts): "gg ben" thanks
   * Ben, it does not name Bern. The room is read for them only when the text
   * names a place at all, as few messages do, so most chat costs no read.
   */
  private async mentionsIn(code: string, scopeId: string, text: string): Promise<number[]> {
    const scope = this.deps.gazetteer.scope(scopeId);
    if (!scope) return [];
    const mentions = placesNamedIn(this.deps.resolver, scope, text);
    if (mentions.length === 0) return mentions;
    const room = await this.deps.store.state(code);
    if (!room) return mentions;
    const nicknames = [...room.players, ...(room.spectators ?? [])].map((p) => p.nickname);
    return placesNamedIn(this.deps.resolver, scope, text, nicknames);
  }

  /** The room's last messages, oldest first, for a player who (re)joined. */
  async history(code: string): Promise<AckOf<'chat:history'>> {
    const messages = await this.deps.store.chat(code);
    return messages ? { ok: true, messages } : ROOM_GONE;
  }
}

/**
 * Where a room's chat lines go (feature `chat`): to the sockets of the room
 * that named the feature in their handshake (`auth.features`), in a
 * socket.io room of their own beside the room's, so that a client that
 * knows no chat (an older page, the load test, a bot) never hears of it.
 *
 * Each node delivers the lines to its own sockets, as it does the room's
 * other events (from the Redis events stream with several nodes, else as the
 * room applies them). A line that says a player was removed also ends that
 * player's seat on their socket, wherever it is: after the line, which the
 * removed player reads too, the socket hears nothing more of the room.
 */
import { CHAT_FEATURE } from '../../protocol/chat.js';
import type { ChatMessage } from '../../protocol/types.js';
import type { GameIo, GameSocket } from './socket-types.js';

/** The socket.io room of a room's chat. */
export const chatChannel = (code: string): string => `${code}:chat`;

/** Whether the socket named `feature` in its handshake (untrusted: anything may be there). */
export function speaks(socket: GameSocket, feature: string): boolean {
  const features = (socket.handshake.auth as { features?: unknown } | undefined)?.features;
  return Array.isArray(features) && features.includes(feature);
}

/** The channels a seated socket hears: the room's, and its chat when it speaks it. */
export function channelsOf(socket: GameSocket, code: string): string[] {
  return speaks(socket, CHAT_FEATURE) ? [code, chatChannel(code)] : [code];
}

/** Delivers a chat line to this node's sockets of the room. */
export function deliverChat(io: GameIo, code: string, message: ChatMessage): void {
  io.local.to(chatChannel(code)).emit('chat:message', message);
  if (message.kind === 'removed') unseatRemoved(io, code, message.playerId);
}

/** The removed player's sockets on this node forget the seat and stop hearing the room. */
function unseatRemoved(io: GameIo, code: string, playerId: string): void {
  for (const id of [...(io.sockets.adapter.rooms.get(code) ?? [])]) {
    const socket = io.sockets.sockets.get(id);
    if (!socket || socket.data.code !== code) continue;
    // A player's seat, or a spectator's place (the host removes either).
    if (socket.data.playerId !== playerId && socket.data.spectatorId !== playerId) continue;
    socket.data = {};
    void socket.leave(code);
    void socket.leave(chatChannel(code));
  }
}

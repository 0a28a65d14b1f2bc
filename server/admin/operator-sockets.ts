/**
 * The sockets an operator's session opened: its dashboards (/admin) and its
 * spectators (on the players' namespace). Each joins a group named after
 * the session's hash, so a logout on any node can end them on every node:
 * socket.io's adapter carries `disconnectSockets` through Redis. Sessions
 * also end by expiring; a sweep every minute cuts those sockets too, and
 * whatever a lost adapter message left behind.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Logger } from '../log.js';
import { sessionDigest, type AdminSessions } from './admin-sessions.js';
import { sessionIdFrom } from './operator-session.js';

const SWEEP_MS = 60_000;

export interface OperatorSockets {
  /**
   * Puts the socket in its session's group, then checks the session once
   * more: a logout between the handshake's check and the join would
   * otherwise miss it. Resolves false (socket disconnected) when it ended.
   */
  enrol(socket: Socket): Promise<boolean>;
  /** Disconnects every socket of the session, on every node. */
  end(sessionId: string): void;
  stop(): void;
}

const groupOf = (sessionId: string) => `operator:${sessionDigest(sessionId)}`;

/**
 * `namespaces`: the players' and /admin, passed in once /admin has its
 * session check: `io.of` would create a namespace that admits anyone.
 */
export function trackOperatorSockets(
  namespaces: readonly Namespace[],
  sessions: AdminSessions,
  log: Logger,
): OperatorSockets {
  const stillOpen = async (socket: Socket) => {
    const id = sessionIdFrom(socket.handshake.headers.cookie);
    return id !== undefined && (await sessions.isOpen(id).catch(() => true));
  };

  const timer = setInterval(() => {
    void (async () => {
      for (const namespace of namespaces) {
        for (const socket of namespace.sockets.values()) {
          const operator = [...socket.rooms].some((room) => room.startsWith('operator:'));
          if (operator && !(await stillOpen(socket))) socket.disconnect(true);
        }
      }
    })().catch((err: unknown) => log.debug({ err }, 'operator session sweep failed'));
  }, SWEEP_MS);
  timer.unref();

  return {
    async enrol(socket) {
      const id = sessionIdFrom(socket.handshake.headers.cookie);
      if (id === undefined) return false;
      await socket.join(groupOf(id));
      // The store away (Redis): the handshake's check stands, as a logout cannot happen either.
      if (await sessions.isOpen(id).catch(() => true)) return true;
      socket.disconnect(true);
      return false;
    },
    end(sessionId) {
      for (const namespace of namespaces) {
        namespace.in(groupOf(sessionId)).disconnectSockets(true);
      }
    },
    stop() {
      clearInterval(timer);
    },
  };
}

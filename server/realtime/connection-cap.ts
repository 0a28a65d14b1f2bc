/**
 * At most CONNECTIONS_PER_ADDRESS connections from one address (as
 * client-address.ts sees it, behind TRUST_PROXY's proxies too). A
 * connection is engine.io's: one per browser tab however many namespaces it
 * opens, and counted from its handshake until it closes, whether or not it
 * ever joins a namespace. Generous by default: a school or an office
 * behind one address (NAT) is many players.
 *
 * Counting starts at the handshake; the refusal is given where a client can
 * read it: when it opens a namespace, as a connect_error `rate_limited` with
 * a message for people. Then the connection is closed.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type { Logger } from '../log.js';
import { clientAddress } from './client-address.js';
import type { ConnectionCounts } from './connection-counts.js';

/** CONNECTIONS_PER_ADDRESS's default: a school's players behind one address fit. */
export const DEFAULT_CONNECTIONS_PER_ADDRESS = 500;
/** A refused connection that never opens a namespace is closed after this long. */
const CLOSE_REFUSED_AFTER_MS = 5000;
/** One log line per address and minute, however hard it knocks. */
const LOG_EVERY_MS = 60_000;

type Connection = Socket['conn'];

export interface ConnectionCapDeps {
  counts: ConnectionCounts;
  /** CONNECTIONS_PER_ADDRESS, for the message. */
  cap: number;
  trustProxy: number;
  log: Logger;
}

export interface ConnectionCap {
  /** Refuses the namespace to connections over the cap. */
  guard(namespace: Namespace): void;
}

export function attachConnectionCap(io: Server, deps: ConnectionCapDeps): ConnectionCap {
  const verdicts = new WeakMap<Connection, Promise<boolean>>();
  const logged = new Map<string, number>();
  const message =
    `too many connections from your address (at most ${deps.cap} at once): ` +
    'close other tabs of the game, or try again later';

  function refused(address: string) {
    const now = Date.now();
    if ((logged.get(address) ?? 0) > now - LOG_EVERY_MS) return;
    for (const [known, at] of logged) if (at <= now - LOG_EVERY_MS) logged.delete(known);
    logged.set(address, now);
    deps.log.info({ ip: address, cap: deps.cap }, 'connections refused: too many from one address');
  }

  /** Whether the connection got a place; asked once, when it opens, and kept. */
  function verdictOf(conn: Connection): Promise<boolean> {
    const known = verdicts.get(conn);
    if (known) return known;
    const address = clientAddress(
      { address: conn.remoteAddress, headers: conn.request.headers },
      deps.trustProxy,
    );
    const verdict = deps.counts.acquire(address).catch(() => true);
    verdicts.set(conn, verdict);
    conn.once('close', () => void verdict.then((taken) => taken && deps.counts.release(address)));
    void verdict.then((taken) => {
      if (taken) return;
      refused(address);
      setTimeout(() => conn.close(), CLOSE_REFUSED_AFTER_MS).unref();
    });
    return verdict;
  }

  io.engine.on('connection', verdictOf);

  return {
    guard(namespace) {
      namespace.use((socket, next) => {
        void verdictOf(socket.conn).then((taken) => {
          if (taken) return next();
          next(Object.assign(new Error(message), { data: { code: 'rate_limited', message } }));
          // After the refusal is written (socket.io sends it on the next tick); close() flushes it first.
          setImmediate(() => socket.conn.close());
        });
      });
    },
  };
}

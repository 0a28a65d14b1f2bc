/**
 * The dashboard's frame, reduced from what the node read for it: the last
 * minute of every node's samples, each node's latest sample, and the store's
 * rooms. Pure, so the same reads give the same frame on any node.
 */
import {
  type AdminFrame,
  type ClientErrorReport,
  MAX_ROOM_ROWS,
  type RoomRow,
} from '../../protocol/admin.js';
import type { RoomOverview } from '../rooms/room-store.js';
import { roomsByPhase } from '../rooms/snapshot.js';
import { liveFigures, nodeFigures, RATE_WINDOW_MS } from './live-figures.js';
import type { NodeSample } from './node-sample.js';

export interface FrameReads {
  now: number;
  /** The start of the current second; the samples end there. */
  end: number;
  /** Every node's samples of the last minute. */
  samples: NodeSample[];
  /** Each node's latest sample. */
  latest: NodeSample[];
  /** The store's rooms; none while the store is unreachable. */
  overview: RoomOverview[];
  /** The newest browser reports, newest first. */
  clientErrors: ClientErrorReport[];
}

export function liveFrame({
  now,
  end,
  samples,
  latest,
  overview,
  clientErrors,
}: FrameReads): AdminFrame {
  const rooms = roomRows(overview, latest);
  const busiest = rooms
    .sort((a, b) => b.guessesPerSecond - a.guessesPerSecond || b.players - a.players)
    .slice(0, MAX_ROOM_ROWS);
  const nodes = nodeFigures(samples, latest, now);
  const alive = new Set(nodes.map((n) => n.node));
  return {
    at: now,
    nodes,
    total: liveFigures(
      samples,
      latest.filter((s) => alive.has(s.node)),
      end,
    ),
    roomsByPhase: roomsByPhase(overview),
    rooms: busiest,
    roomCount: rooms.length,
    clientErrors,
  };
}

/** Every room with its guesses per second, summed over the nodes' latest samples. */
function roomRows(overview: RoomOverview[], latest: NodeSample[]): RoomRow[] {
  const roomGuesses: Record<string, number> = {};
  for (const s of latest) {
    for (const [code, n] of Object.entries(s.roomGuesses ?? {})) {
      roomGuesses[code] = (roomGuesses[code] ?? 0) + n;
    }
  }
  return overview.map((room) => ({
    ...room,
    guessesPerSecond: (roomGuesses[room.code] ?? 0) / (RATE_WINDOW_MS / 1000),
  }));
}

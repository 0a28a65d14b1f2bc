/**
 * The operator's view of a ready node: spectating rooms, the per-second
 * samples, the dashboard's live feed on /admin and the gauges of /metrics,
 * all over the game's rooms and this node's sockets.
 */
import type { Socket } from 'socket.io';
import { ADMIN_NAMESPACE, type ClientErrorReport } from '../protocol/admin.js';
import type { ImpossibleErrors } from './admin/impossible.js';
import { attachLiveNamespace } from './admin/live-namespace.js';
import { trackOperatorSockets, type OperatorSockets } from './admin/operator-sockets.js';
import { startSampler, type Sampler } from './admin/sampler.js';
import { attachSpectators } from './admin/spectators.js';
import type { SharedParts } from './backends.js';
import type { Logger } from './log.js';
import type { GameMetrics } from './metrics.js';
import type { OriginPolicy } from './origins.js';
import type { Places } from './places/create-places.js';
import type { GameIo } from './realtime/socket-types.js';
import { roomsByPhase } from './rooms/snapshot.js';

export interface OperatorView {
  sampler: Sampler;
  operators: OperatorSockets;
  stop(): void;
}

export interface OperatorViewDeps {
  nodeId: string;
  shared: Pick<SharedParts, 'rooms' | 'sessions' | 'samples'>;
  places: Places;
  metrics: GameMetrics;
  origins: OriginPolicy;
  impossible: Pick<ImpossibleErrors, 'take'>;
  /** The browser reports received since the last sample, taken by each sample. */
  takeClientErrors: () => ClientErrorReport[];
  /** Caps the connections of /admin as of the players' namespace. */
  guard: (namespace: ReturnType<GameIo['of']>) => void;
  log: Logger;
}

export function attachOperatorView(io: GameIo, deps: OperatorViewDeps): OperatorView {
  const { shared, log } = deps;
  const rooms = shared.rooms;
  // Operators' sockets are tracked once /admin exists, below; none enrols before.
  const enrol = (socket: Socket) => operators.enrol(socket);
  attachSpectators(io, { sessions: shared.sessions, store: rooms, origins: deps.origins, enrol });
  const connections = () => socketsBy(io);
  deps.metrics.setGaugeSources({
    roomsByPhase: async () => roomsByPhase(await rooms.overview()),
    players: () => connections().players,
  });
  const sampler = startSampler({
    nodeId: deps.nodeId,
    metrics: deps.metrics,
    log: shared.samples,
    cacheCounts: () => deps.places.index.counts,
    connections,
    rooms: () => rooms.count(),
    clientErrors: deps.takeClientErrors,
    impossible: () => deps.impossible.take(),
    logger: log,
  });
  const live = attachLiveNamespace(io, {
    sessions: shared.sessions,
    samples: shared.samples,
    store: rooms,
    origins: deps.origins,
    enrol,
    log,
  });
  // Only now: /admin exists with its session check (io.of would create one without).
  const adminNamespace = io.of(ADMIN_NAMESPACE);
  deps.guard(adminNamespace);
  const operators = trackOperatorSockets([io.of('/'), adminNamespace], shared.sessions, log);
  return {
    sampler,
    operators,
    stop() {
      sampler.stop();
      live.stop();
      operators.stop();
    },
  };
}

/** This node's sockets: players seated in a room, and operators watching one. */
function socketsBy(io: GameIo): { players: number; spectators: number } {
  let players = 0;
  let spectators = 0;
  for (const { data } of io.sockets.sockets.values()) {
    if (data.playerId) players++;
    else if (data.watching) spectators++;
  }
  return { players, spectators };
}

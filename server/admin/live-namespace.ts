/**
 * The dashboard's live feed: the socket.io namespace /admin, open to a
 * logged-in operator only. On connection it sends the last hour, a point a
 * second; then, while any dashboard is connected to this node, a frame every
 * second built from every node's samples and the store's rooms. Each node
 * serves its own dashboards (`local` emits): a frame is not broadcast
 * through Redis to dashboards that other nodes already serve.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import {
  ADMIN_NAMESPACE,
  type AdminClientToServer,
  type AdminFrame,
  type AdminServerToClient,
} from '../../protocol/admin.js';
import type { Logger } from '../log.js';
import type { OriginPolicy } from '../origins.js';
import type { RoomStore } from '../rooms/room-store.js';
import type { AdminSessions } from './admin-sessions.js';
import { hourPoints, MINUTE_MS } from './live-figures.js';
import { liveFrame } from './live-frame.js';
import { isOperator } from './operator-session.js';
import { recentReports } from './recent-reports.js';
import type { SampleLog } from './sample-log.js';

const HOUR_MS = 60 * 60 * 1000;
/** After the turn of the second, so that every node's sample of it is in. */
const FRAME_OFFSET_MS = 300;

export interface LiveNamespaceDeps {
  sessions: AdminSessions;
  /** Only this site's pages may open the feed: not another origin's, and not a program's. */
  origins: OriginPolicy;
  /**
   * Enrols a connected dashboard with its session (operator-sockets.ts), so a logout
   * ends it; false when the session ended meanwhile (it is disconnected then).
   */
  enrol?: (socket: Socket) => Promise<boolean>;
  samples: SampleLog;
  store: RoomStore;
  log: Logger;
  clock?: () => number;
}

export interface LiveNamespace {
  /** Builds the frame dashboards get now; for tests. */
  frame(): Promise<AdminFrame>;
  stop(): void;
}

export function attachLiveNamespace(io: Server, deps: LiveNamespaceDeps): LiveNamespace {
  const clock = deps.clock ?? Date.now;
  const namespace = io.of(ADMIN_NAMESPACE) as unknown as Namespace<
    AdminClientToServer,
    AdminServerToClient
  >;
  const reports = recentReports();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  namespace.use(operatorsOnly(deps));

  namespace.on('connection', (socket) => {
    void (async () => {
      if (deps.enrol && !(await deps.enrol(socket as unknown as Socket))) return;
      const end = Math.floor(clock() / 1000) * 1000;
      const hour = await deps.samples.between(end - HOUR_MS, end);
      reports.remember(hour);
      socket.emit('admin:hour', hourPoints(hour));
      socket.emit('admin:frame', await frame());
    })().catch((err: unknown) =>
      deps.log.warn({ err, socket: socket.id }, 'could not send the last hour'),
    );
    schedule();
  });

  async function frame(): Promise<AdminFrame> {
    const now = clock();
    const end = Math.floor(now / 1000) * 1000;
    const [samples, latest, overview] = await Promise.all([
      deps.samples.between(end - MINUTE_MS, end),
      deps.samples.latest(),
      // While the room store is unreachable the figures still flow; the errors show why rooms do not.
      deps.store.overview().catch(() => []),
    ]);
    reports.remember(samples);
    return liveFrame({ now, end, samples, latest, overview, clientErrors: reports.list() });
  }

  /** A frame a second while this node serves a dashboard; none otherwise. */
  function schedule() {
    if (timer || stopped) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        if (namespace.sockets.size === 0) return;
        frame()
          .then((built) => namespace.local.emit('admin:frame', built))
          .catch((err: unknown) => deps.log.debug({ err }, 'could not build a dashboard frame'))
          .finally(schedule);
      },
      1000 - (clock() % 1000) + FRAME_OFFSET_MS,
    );
    timer.unref();
  }

  return {
    frame,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The namespace's gate: a logged-in operator, on a page of this site. */
function operatorsOnly({ origins, sessions }: Pick<LiveNamespaceDeps, 'origins' | 'sessions'>) {
  const refuse = (message: string, code: 'bad_request' | 'unauthorized') =>
    Object.assign(new Error(message), { data: { code, message } });
  return (socket: Pick<Socket, 'request' | 'handshake'>, next: (err?: Error) => void) => {
    // Origin first: the cookie of a page of another origin on this site proves nothing.
    if (origins.judge(socket.request) !== 'allowed') {
      return next(refuse("open the dashboard from this site's own page (/admin)", 'bad_request'));
    }
    isOperator(sessions, socket.handshake.headers.cookie).then(
      (operator) => next(operator ? undefined : refuse('log in at /admin first', 'unauthorized')),
      (err: unknown) => next(err as Error),
    );
  };
}

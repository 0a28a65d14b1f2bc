/**
 * The baseline the game server is measured against: bare socket.io with the
 * game's event names, ack shapes and broadcasts, and no game logic. A room is
 * a seq and the places guessed in it. Given the load test's pools
 * (BASELINE_PLACES: each real text's place), a text finds its place the first
 * time any of the place's spellings is guessed, later it is "taken", and a
 * text meant to miss misses: the broadcasts are the game's, one per place,
 * not one per text (which made the baseline broadcast a third more than the
 * game at the same guess rate, and flattered the game). Without the file,
 * each new text is a place.
 * Whatever the game costs beyond this is the cost of its rules, look-ups and
 * rooms, not of socket.io. `game:end` and `room:rematch` exist for runs whose
 * rooms play one game after another (--game-seconds): the end broadcasts the
 * state and results shaped like the game's, without saving anything.
 *
 * It uses the socket.io options the game uses (no connection state
 * recovery, uncompressed frames) and exposes the same /healthz and
 * prom-client /metrics. Run by the load test:
 * `PORT=... HOST=127.0.0.1 tsx loadtest/baseline-server.ts`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol/events.js';
import { DEFAULT_SETTINGS, PROTOCOL_VERSION } from '../protocol/schemas.js';
import type { AckError, Place, RoomState, Settings } from '../protocol/types.js';
import { MAX_PAYLOAD_BYTES } from '../server/realtime/socket-server.js';

interface BaselineRoom {
  code: string;
  seq: number;
  hostId: string;
  settings: Settings;
  players: { id: string; nickname: string }[];
  phase: 'lobby' | 'playing' | 'finished';
  startedAt: number;
  /** Place id (or the text, without the pools) → the place and its finder: the room's only state. */
  guessed: Map<number | string, { place: Place; by: string }>;
}

interface SeatData {
  code?: string;
  playerId?: string;
}

type BaselineSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SeatData>;

const registry = new Registry();
// The same default metrics (and lag precision) as the game server's /metrics.
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

/** Scope → text → place id, from the load test's pools; undefined: every text is a place. */
const placesOf = process.env.BASELINE_PLACES
  ? new Map(
      Object.entries(
        JSON.parse(readFileSync(process.env.BASELINE_PLACES, 'utf8')) as Record<
          string,
          Record<string, number>
        >,
      ).map(([scope, texts]) => [scope, new Map(Object.entries(texts))]),
    )
  : undefined;

const rooms = new Map<string, BaselineRoom>();
let nextRoom = 0;
let nextPlayer = 0;
let nextPlace = 1;

const fail = (code: 'not_found' | 'wrong_phase' | 'not_host', message: string): AckError => ({
  ok: false,
  error: { code, message },
});

/** A room:state as the game shapes it, without the game's scores and finds. */
function stateOf(room: BaselineRoom): RoomState {
  return {
    code: room.code,
    phase: room.phase,
    hostId: room.hostId,
    settings: room.settings,
    players: room.players.map((p, i) => ({
      id: p.id,
      nickname: p.nickname,
      color: `hsl(${i * 47}, 70%, 50%)`,
      score: 0,
      population: 0,
      capitals: 0,
      connected: true,
    })),
    endsAt: null,
    totals: { places: 0, population: 0 },
    progress: { places: 0, population: 0, capitals: 0 },
    found: [],
    seq: room.seq,
  };
}

function seat(socket: BaselineSocket, room: BaselineRoom, nickname: string) {
  const playerId = `p${(nextPlayer++).toString(36)}`;
  room.players.push({ id: playerId, nickname });
  socket.data = { code: room.code, playerId };
  void socket.join(room.code);
  room.seq++;
  const state = stateOf(room);
  io.to(room.code).emit('room:state', state);
  return { ok: true as const, room: state, you: { playerId, sessionToken: playerId } };
}

function hostedRoom(socket: BaselineSocket): BaselineRoom | undefined {
  const room = socket.data.code ? rooms.get(socket.data.code) : undefined;
  return room && room.hostId === socket.data.playerId ? room : undefined;
}

const http = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } else if (req.url === '/metrics') {
    void registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': registry.contentType }).end(text);
    });
  } else {
    res.writeHead(404).end();
  }
});

const io = new Server<ClientToServerEvents, ServerToClientEvents, object, SeatData>(http, {
  maxHttpBufferSize: MAX_PAYLOAD_BYTES,
  serveClient: false,
  perMessageDeflate: false,
});

io.use((socket, next) => {
  const auth = socket.handshake.auth as { protocolVersion?: unknown } | undefined;
  if (auth?.protocolVersion === PROTOCOL_VERSION) return next();
  const message = `this server speaks protocol version ${PROTOCOL_VERSION}`;
  next(Object.assign(new Error(message), { data: { code: 'bad_request', message } }));
});

io.on('connection', (socket: BaselineSocket) => {
  socket.emit('hello', { protocolVersion: PROTOCOL_VERSION });

  socket.on('room:create', (payload, ack) => {
    const code = (nextRoom++).toString(36).toUpperCase().padStart(6, 'A');
    const room: BaselineRoom = {
      code,
      seq: 0,
      hostId: '',
      settings: { ...DEFAULT_SETTINGS, ...payload.settings },
      players: [],
      phase: 'lobby',
      startedAt: 0,
      guessed: new Map(),
    };
    rooms.set(code, room);
    const joined = seat(socket, room, payload.nickname);
    room.hostId = joined.you.playerId;
    ack(joined);
  });

  socket.on('room:join', (payload, ack) => {
    const room = rooms.get(payload.code.toUpperCase());
    ack(room ? seat(socket, room, payload.nickname) : fail('not_found', 'no room with that code'));
  });

  socket.on('game:start', (_payload, ack) => {
    const room = socket.data.code ? rooms.get(socket.data.code) : undefined;
    if (!room) return ack(fail('not_found', 'you are not in a room'));
    if (room.hostId !== socket.data.playerId) return ack(fail('not_host', 'only the host starts'));
    room.phase = 'playing';
    room.startedAt = Date.now();
    room.seq++;
    io.to(room.code).emit('room:state', stateOf(room));
    ack({ ok: true });
  });

  // A game ends with the state and the results, as the game's does (without saving them).
  socket.on('game:end', (_payload, ack) => {
    const room = hostedRoom(socket);
    if (!room) return ack(fail('not_host', 'only the host ends the game'));
    if (room.phase !== 'playing') return ack(fail('wrong_phase', 'no game is being played'));
    room.phase = 'finished';
    room.seq++;
    const state = stateOf(room);
    io.to(room.code).emit('room:state', state);
    const finds = [...room.guessed.values()];
    io.to(room.code).emit('game:ended', {
      results: {
        gameId: `${room.code}-${room.startedAt}`,
        code: room.code,
        settings: room.settings,
        startedAt: room.startedAt,
        endedAt: Date.now(),
        ranking: state.players.map((p, i) => {
          const own = finds.filter((f) => f.by === p.id);
          return {
            playerId: p.id,
            nickname: p.nickname,
            color: p.color,
            rank: i + 1,
            score: own.length,
            population: 0,
            capitals: 0,
            finds: own.map((f) => ({ place: f.place, at: room.startedAt })),
          };
        }),
        populationShare: 0,
        totals: state.totals,
      },
      missed: [],
    });
    ack({ ok: true });
  });

  socket.on('room:rematch', (_payload, ack) => {
    const room = hostedRoom(socket);
    if (!room) return ack(fail('not_host', 'only the host starts a rematch'));
    if (room.phase !== 'finished') return ack(fail('wrong_phase', 'the game is not finished'));
    room.phase = 'lobby';
    room.guessed.clear();
    room.seq++;
    io.to(room.code).emit('room:state', stateOf(room));
    ack({ ok: true });
  });

  socket.on('guess', (payload, ack) => {
    const room = socket.data.code ? rooms.get(socket.data.code) : undefined;
    if (!room) return ack(fail('not_found', 'you are not in a room'));
    if (room.phase !== 'playing') return ack(fail('wrong_phase', 'the game has not started'));
    const key = placesOf ? placesOf.get(room.settings.scope)?.get(payload.text) : payload.text;
    if (key === undefined) return ack({ ok: true, result: { kind: 'miss' } });
    const seen = room.guessed.get(key);
    if (seen) return ack({ ok: true, result: { kind: 'taken', ...seen } });
    const place: Place = {
      id: typeof key === 'number' ? key : nextPlace++,
      name: payload.text,
      country: '',
      admin1: '',
      lat: 0,
      lon: 0,
      population: 0,
    };
    const playerId = socket.data.playerId!;
    room.guessed.set(key, { place, by: playerId });
    // As the game does: the broadcast first, then the finder's ack.
    io.to(room.code).emit('place:found', { seq: ++room.seq, place, playerId, at: Date.now() });
    ack({ ok: true, result: { kind: 'found', place } });
  });

  socket.on('disconnect', () => {
    const room = socket.data.code ? rooms.get(socket.data.code) : undefined;
    if (room && io.sockets.adapter.rooms.get(room.code) === undefined) rooms.delete(room.code);
  });
});

http.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1');

const stop = () => {
  io.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

/**
 * Issue 16, point 5: one order everywhere. Two real nodes (test/support/
 * cluster.ts) share PostgreSQL and Redis; the players of one race sit on
 * both and guess at once from both sides. Every socket must receive the
 * room's events — each `place:found` and `room:state` — in `seq` order, and
 * every find once, so that no client holds a find for an earlier one still on
 * its way from the other node (server/realtime/room-event-feed.ts). The
 * game's `game:ended` must come after its last finds.
 *
 * The suite stays within the nodes' default rate limits: a socket may send
 * 20 guesses at once; one address may join 120 times a minute.
 */
import pg from 'pg';
import { seededRandom } from '../loadtest/random.js';
import type { RoomState } from '../protocol/types.js';
import { Cluster } from './support/cluster.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  type PlayerSocket,
} from './support/game-client.js';
import { databaseUrl, describeWith, redisUrl } from './support/services.js';
import { germanNames, shuffled } from './support/german-names.js';

const describeNodes = describeWith('DATABASE_URL', 'REDIS_URL');

const PLAYERS = 12;
/** Guesses each player sends at once: within the default burst of 20. */
const GUESSES_EACH = 18;

/** What one socket heard, in the order it heard it. */
type Heard =
  | { kind: 'found'; seq: number; placeId: number }
  | { kind: 'state'; seq: number; phase: RoomState['phase'] }
  | { kind: 'ended' };

interface Player {
  nickname: string;
  node: number;
  socket: PlayerSocket;
  heard: Heard[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Ack = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

function expectOk(ack: Ack, what: string): void {
  if (!ack?.ok) throw new Error(`${what} answered ${JSON.stringify(ack)}`);
}

async function seat(
  cluster: Cluster,
  node: number,
  nickname: string,
  enter: (socket: PlayerSocket) => Promise<Ack>,
): Promise<{ player: Player; ack: Ack }> {
  const socket = await connectPlayer(cluster.url(node));
  const heard: Heard[] = [];
  socket.on('place:found', (find) =>
    heard.push({ kind: 'found', seq: find.seq, placeId: find.place.id }),
  );
  socket.on('room:state', (room) =>
    heard.push({ kind: 'state', seq: room.seq, phase: room.phase }),
  );
  socket.on('game:ended', () => heard.push({ kind: 'ended' }));
  const ack = await enter(socket);
  expectOk(ack, `${nickname} entering on node ${node}`);
  return { player: { nickname, node, socket, heard }, ack };
}

async function waitUntil(done: () => boolean, timeoutMs: number, status: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${status()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The seqs a socket heard after `from`, finds and states alike, in arrival order. */
const seqsAfter = (player: Player, from: number) =>
  player.heard.flatMap((h) => (h.kind !== 'ended' && h.seq > from ? [h.seq] : []));

describeNodes('two nodes, one order', () => {
  let sql: pg.Client;
  let cluster: Cluster;

  beforeAll(async () => {
    sql = new pg.Client({ connectionString: databaseUrl! });
    await sql.connect();
    cluster = await Cluster.start({
      ids: ['node-a', 'node-b'],
      databaseUrl: databaseUrl!,
      redisUrl: redisUrl!,
    });
  }, 90_000);
  afterAll(async () => {
    disconnectAll();
    await cluster?.stop();
    await sql?.end();
  });

  test('a race guessed from both nodes at once: every socket hears every event once, in seq order', async () => {
    await cluster.explain(async () => {
      const names = await germanNames(sql, 80);
      const random = seededRandom(16);
      const created = await seat(cluster, 0, 'Host', (s) =>
        call(s, 'room:create', { nickname: 'Host', settings: { scope: 'DE', mode: 'race' } }),
      );
      const code: string = created.ack.room.code;
      const players = [created.player];
      for (let p = 1; p < PLAYERS; p++) {
        const nickname = `P${p}`;
        const { player } = await seat(cluster, p % 2, nickname, (s) =>
          call(s, 'room:join', { code, nickname }),
        );
        players.push(player);
      }
      const playing = players.map((p) =>
        nextEvent(p.socket, 'room:state', (s) => s.phase === 'playing'),
      );
      expect(await call(created.player.socket, 'game:start', {})).toEqual({ ok: true });
      const started = (await Promise.all(playing))[0]!;

      // Everyone guesses at once; meanwhile a player joins on node B, a state among the finds.
      const guesses = players.flatMap((player) =>
        shuffled(names, random)
          .slice(0, GUESSES_EACH)
          .map((text) => call(player.socket, 'guess', { text }, 30_000) as Promise<Ack>),
      );
      const late = seat(cluster, 1, 'Late', (s) =>
        call(s, 'room:join', { code, nickname: 'Late' }),
      );
      const acks = await Promise.all(guesses);
      const latecomer = (await late).player;
      for (const ack of acks) expectOk(ack, 'a guess');
      const found = acks.filter((a) => a.result.kind === 'found').length;
      expect(found).toBeGreaterThan(20);

      // The host ends the game: its final state, then game:ended, after every find.
      expect(await call(created.player.socket, 'game:end', {})).toEqual({ ok: true });
      const everyone = [...players, latecomer];
      await waitUntil(
        () => everyone.every((p) => p.heard.some((h) => h.kind === 'ended')),
        15_000,
        () =>
          `game:ended heard by ${everyone.filter((p) => p.heard.some((h) => h.kind === 'ended')).length} of ${everyone.length}`,
      );

      // The room's events since the start, as the room numbered them: one seq after another.
      const finished = players[0]!.heard.find((h) => h.kind === 'state' && h.phase === 'finished');
      expect(finished).toBeDefined();
      const last = (finished as { seq: number }).seq;
      const all = Array.from({ length: last - started.seq }, (_, i) => started.seq + 1 + i);
      for (const player of players) {
        const seqs = seqsAfter(player, started.seq);
        // In order, each once, and none missing.
        expect({ player: player.nickname, seqs }).toEqual({ player: player.nickname, seqs: all });
        const finds = player.heard.filter((h) => h.kind === 'found');
        expect({ player: player.nickname, finds: finds.length }).toEqual({
          player: player.nickname,
          finds: found,
        });
        const ended = player.heard.findIndex((h) => h.kind === 'ended');
        expect(ended).toBeGreaterThan(player.heard.findLastIndex((h) => h.kind === 'found'));
      }
      // The latecomer hears the room from its join on, in order too.
      const lateSeqs = seqsAfter(latecomer, 0);
      expect(lateSeqs).toEqual([...lateSeqs].sort((a, b) => a - b));
      expect(new Set(lateSeqs).size).toBe(lateSeqs.length);
      expect(lateSeqs.at(-1)).toBe(last);
    });
  }, 90_000);
});

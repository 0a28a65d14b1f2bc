/**
 * The room's chat and the host's tools across two real nodes sharing
 * PostgreSQL and Redis (test/support/cluster.ts), the players of one room on
 * both: a line said on one node is heard on the other, the last lines are
 * replayed to a player who comes back on the other node, a message held by
 * the fairness rule on one node is read when the game ends on the other,
 * and a removal made on one node ends the removed player's seat on the
 * other, which keeps them out; a spectator on one node talks with a player
 * on the other. Real time here: each player stays within
 * the chat's burst.
 */
import type { ChatMessage } from '../protocol/types.js';
import { Cluster } from './support/cluster.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  type PlayerSocket,
} from './support/game-client.js';
import { databaseUrl, describeWith, redisUrl } from './support/services.js';

const describeNodes = describeWith('DATABASE_URL', 'REDIS_URL');
const SPEAKS = { features: ['chat', 'host-tools'] };

const said = (text: string) => (m: ChatMessage) => m.kind === 'said' && m.text === text;
const textsOf = (messages: ChatMessage[]) =>
  messages.map((m) => (m.kind === 'said' ? m.text : `${m.kind}:${m.nickname}`));

describeNodes('the chat on two nodes', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start({
      ids: ['node-a', 'node-b'],
      databaseUrl: databaseUrl!,
      redisUrl: redisUrl!,
    });
  }, 90_000);
  afterAll(async () => {
    disconnectAll();
    await cluster?.stop();
  });

  async function enter(node: number, event: 'room:create' | 'room:join', payload: object) {
    const socket: PlayerSocket = await connectPlayer(cluster.url(node), undefined, SPEAKS);
    const ack = await call(socket, event, payload);
    if (!ack.ok) throw new Error(`${event} answered ${JSON.stringify(ack)}`);
    return { socket, playerId: ack.you.playerId as string, token: ack.you.sessionToken as string };
  }

  test('lines cross nodes, are replayed on the other node, held ones come at the end', async () => {
    await cluster.explain(async () => {
      const ana = await enter(0, 'room:create', {
        nickname: 'Ana',
        settings: { scope: 'DE' },
        browserId: 'browser-ana-000',
      });
      const code = (await call(ana.socket, 'room:state', {})).room.code as string;
      const ben = await enter(1, 'room:join', { code, nickname: 'Ben' });

      const onB = nextEvent(ben.socket, 'chat:message', said('hello from A'));
      expect(await call(ana.socket, 'chat:send', { text: 'hello from A' })).toEqual({
        ok: true,
        held: false,
      });
      await onB;
      const onA = nextEvent(ana.socket, 'chat:message', said('hello from B'));
      await call(ben.socket, 'chat:send', { text: 'hello from B' });
      await onA;

      // The game: a message naming a place nobody found, said on node B, is held…
      const playing = nextEvent(ben.socket, 'room:state', (s) => s.phase === 'playing');
      expect(await call(ana.socket, 'game:start', {})).toEqual({ ok: true });
      await playing;
      expect(await call(ben.socket, 'chat:send', { text: 'Dresden is easy' })).toEqual({
        ok: true,
        held: true,
      });
      // …until the host ends the game on node A.
      const released = nextEvent(ana.socket, 'chat:message', said('Dresden is easy'));
      expect(await call(ana.socket, 'game:end', {})).toEqual({ ok: true });
      expect(await released).toMatchObject({ held: true, nickname: 'Ben' });

      // Ben's connection drops; he comes back on node A and reads what was said.
      ben.socket.disconnect();
      const back = await enter(0, 'room:join', { code, nickname: 'Ben', sessionToken: ben.token });
      expect(back.playerId).toBe(ben.playerId);
      const history = await call(back.socket, 'chat:history', {});
      expect(textsOf(history.messages)).toEqual([
        'hello from A',
        'hello from B',
        'Dresden is easy',
      ]);
    });
  }, 60_000);

  test('a removal on node A ends the seat on node B and keeps the player out on both', async () => {
    await cluster.explain(async () => {
      const ana = await enter(0, 'room:create', {
        nickname: 'Ana',
        settings: { scope: 'DE' },
        browserId: 'browser-ana-000',
      });
      const code = (await call(ana.socket, 'room:state', {})).room.code as string;
      const troll = await enter(1, 'room:join', {
        code,
        nickname: 'Troll',
        browserId: 'browser-troll-00',
      });
      const ben = await enter(1, 'room:join', { code, nickname: 'Ben' });

      const told = nextEvent(ben.socket, 'chat:message', (m) => m.kind === 'removed');
      const trollTold = nextEvent(troll.socket, 'chat:message', (m) => m.kind === 'removed');
      expect(await call(ana.socket, 'room:kick', { playerId: troll.playerId })).toEqual({
        ok: true,
      });
      const line = { kind: 'removed', nickname: 'Troll', by: 'Ana' };
      expect(await told).toMatchObject(line);
      expect(await trollTold).toMatchObject(line);
      // Node B forgot the seat on Troll's socket.
      expect(await call(troll.socket, 'chat:send', { text: 'still here?' })).toMatchObject({
        error: { code: 'not_found' },
      });
      for (const node of [0, 1]) {
        const again = await connectPlayer(cluster.url(node), undefined, SPEAKS);
        expect(
          await call(again, 'room:join', { code, nickname: 'Troll', sessionToken: troll.token }),
        ).toMatchObject({ error: { code: 'unauthorized' } });
        expect(
          await call(again, 'room:join', {
            code,
            nickname: 'Nice',
            browserId: 'browser-troll-00',
          }),
        ).toMatchObject({ error: { code: 'unauthorized' } });
      }
      const history = await call(ben.socket, 'chat:history', {});
      expect(textsOf(history.messages)).toEqual(['removed:Troll']);
    });
  }, 60_000);

  test('a spectator on node B chats with a player on node A, and is removed from there', async () => {
    await cluster.explain(async () => {
      const ana = await enter(0, 'room:create', { nickname: 'Ana', settings: { scope: 'DE' } });
      const code = (await call(ana.socket, 'room:state', {})).room.code as string;
      const zoe = await connectPlayer(cluster.url(1), undefined, SPEAKS);
      const watching = await call(zoe, 'room:spectate', {
        code,
        nickname: 'Zoe',
        browserId: 'browser-zoe-000',
      });
      expect(watching).toMatchObject({ ok: true });
      const onA = nextEvent(ana.socket, 'chat:message', said('hi from the stands'));
      expect(await call(zoe, 'chat:send', { text: 'hi from the stands' })).toEqual({
        ok: true,
        held: false,
      });
      expect(await onA).toMatchObject({ spectator: true, nickname: 'Zoe' });
      const onB = nextEvent(zoe, 'chat:message', said('welcome'));
      await call(ana.socket, 'chat:send', { text: 'welcome' });
      await onB;

      const removed = nextEvent(zoe, 'chat:message', (m) => m.kind === 'removed');
      const spectatorId = watching.you.spectatorId as string;
      expect(await call(ana.socket, 'room:kick', { playerId: spectatorId })).toEqual({ ok: true });
      await removed;
      // Node B forgot the spectator's place on Zoe's socket.
      expect(await call(zoe, 'chat:send', { text: 'still here?' })).toMatchObject({
        error: { code: 'not_found' },
      });
    });
  }, 60_000);
});

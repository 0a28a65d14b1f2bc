/**
 * Nicknames and guesses a player can type, over real sockets and real HTTP,
 * on PGlite and on PostgreSQL: each nickname is refused with a clear
 * bad_request or cleaned, the game is played, saved and served with the
 * cleaned name; control characters in guesses are answered and never stop
 * a save; a save that keeps failing is tried again, reported in
 * impossible.log, and the players are told their result was not saved.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import type { GameEnded } from '../protocol/types.js';
import { loadGame, saveGame } from '../server/games/game-archive.js';
import { SAVE_RETRY_DELAYS_MS } from '../server/game/game-ending.js';
import { pgliteDatabase, testDatabases } from './support/databases.js';
import { eventually } from './support/processes.js';
import {
  call,
  connectPlayer,
  disconnectAll,
  nextEvent,
  startTestNode,
  type PlayerSocket,
  type TestNode,
} from './support/game-client.js';

const INVISIBLE = 'a nickname needs a letter, digit or symbol that shows';

/** What becomes of a nickname: refused with this message, or seated under this name. */
type Fate = { refused: string } | { seated: string };

const NICKNAMES: [string, string, Fate][] = [
  ['a NUL', 'a\u0000b', { seated: 'ab' }],
  ['a right-to-left override', '\u202Eevil 99', { seated: 'evil 99' }],
  ['24 zero-width spaces', '\u200B'.repeat(24), { refused: INVISIBLE }],
  ['a Hangul filler alone', '\u3164', { refused: INVISIBLE }],
  ['the blank Braille pattern alone', '\u2800', { refused: INVISIBLE }],
  ['a soft hyphen alone', '\u00AD', { refused: INVISIBLE }],
  ['a zero-width suffix on the host’s name', 'host\u200B', { seated: 'host 2' }],
  ['a Cyrillic о in the host’s name', 'h\u043Est', { seated: 'h\u043Est 2' }],
  ['23 stacked combining marks', 'Z' + '\u0301'.repeat(23), { seated: '\u0179\u0301\u0301' }],
];

/** Starts the room's game, makes `finder` guess `text`, ends it; the game:ended everyone got. */
async function play(host: PlayerSocket, finder: PlayerSocket, text: string) {
  expect(await call(host, 'game:start', {})).toEqual({ ok: true });
  const answer = await call(finder, 'guess', { text });
  const ended = nextEvent(host, 'game:ended');
  expect(await call(host, 'game:end', {})).toEqual({ ok: true });
  return { answer, ended: await ended };
}

describe.each(testDatabases)('player text on $name', (target) => {
  let db: Database;
  let node: TestNode;
  beforeAll(async () => {
    db = await target.openImported();
    node = await startTestNode(db);
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await node.close();
    await db.close();
  });

  const savedGame = async (gameId: string) => {
    const response = await fetch(`${node.url}/api/games/${gameId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as GameEnded;
  };

  test.each(NICKNAMES)('%s', async (_what, nickname, fate) => {
    const host = await connectPlayer(node.url);
    const created = await call(host, 'room:create', {
      nickname: 'host',
      settings: { scope: 'NL' },
    });
    expect(created.ok).toBe(true);
    const guest = await connectPlayer(node.url);
    const joined = await call(guest, 'room:join', { code: created.room.code, nickname });

    if ('refused' in fate) {
      expect(joined).toEqual({
        ok: false,
        error: { code: 'bad_request', message: `nickname: ${fate.refused}` },
      });
      // Creating a room with it is refused alike.
      expect(await call(guest, 'room:create', { nickname })).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: `nickname: ${fate.refused}` },
      });
      const { answer, ended } = await play(host, host, 'Amsterdam');
      expect(answer.result.kind).toBe('found');
      expect(ended.saved).toBe(true);
      const saved = await savedGame(ended.results.gameId);
      expect(saved.results.ranking.map((p) => p.nickname)).toEqual(['host']);
      return;
    }

    expect(joined.ok).toBe(true);
    const seated = joined.room.players.find((p: { id: string }) => p.id === joined.you.playerId);
    expect(seated.nickname).toBe(fate.seated);
    const { answer, ended } = await play(host, guest, 'Amsterdam');
    expect(answer.result).toMatchObject({ kind: 'found', place: { name: 'Amsterdam' } });
    expect(ended.saved).toBe(true);
    expect(ended.missed.length).toBeGreaterThan(0);
    const saved = await savedGame(ended.results.gameId);
    expect(saved).toEqual(ended);
    expect(saved.results.ranking.map((p) => [p.nickname, p.score])).toEqual([
      [fate.seated, 1],
      ['host', 0],
    ]);
  });

  test('guesses with NUL and control characters are answered, and the game is saved', async () => {
    const host = await connectPlayer(node.url);
    const created = await call(host, 'room:create', { nickname: 'Ann', settings: { scope: 'NL' } });
    expect(await call(host, 'game:start', {})).toEqual({ ok: true });
    const answers = [];
    for (const text of [
      'Amster\u0000dam',
      '\u202ERotter\u200Bdam\u0007',
      'Utrecht\u0000\u0000\u0000',
      'Xq\u0000\u0001zz\u001b[2J',
    ])
      answers.push((await call(host, 'guess', { text })).result);
    expect(answers.map((r) => [r.kind, r.place?.name])).toEqual([
      ['found', 'Amsterdam'],
      ['found', 'Rotterdam'],
      ['found', 'Utrecht'],
      ['miss', undefined],
    ]);
    // Nothing but control characters: nothing to look up.
    expect(await call(host, 'guess', { text: '\u0000\u0001\u200B' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const ended = nextEvent(host, 'game:ended');
    expect(await call(host, 'game:end', {})).toEqual({ ok: true });
    const message = await ended;
    expect(message.results.code).toBe(created.room.code);
    expect(message.saved).toBe(true);
    const saved = await savedGame(message.results.gameId);
    expect(saved.results.ranking[0]).toMatchObject({ nickname: 'Ann', score: 3 });
  });

  test('a nickname that still holds a NUL (a room an older node kept) is saved without it', async () => {
    const gameId = `nul-${randomUUID().slice(0, 8)}`;
    const ended: GameEnded = {
      results: {
        gameId,
        code: 'ACDEFG',
        settings: { scope: 'NL', mode: 'race', durationSec: 600, maxPlayers: 16, public: false },
        startedAt: 1_000_000,
        endedAt: 2_000_000,
        ranking: [
          {
            playerId: 'p1',
            nickname: 'a\u0000b',
            color: '#0072B2',
            rank: 1,
            score: 0,
            population: 0,
            capitals: 0,
            finds: [],
          },
        ],
        populationShare: 0,
        totals: { places: 10, population: 100 },
      },
      missed: [],
    };
    await saveGame(db, ended);
    expect((await loadGame(db, gameId))?.results.ranking[0]?.nickname).toBe('ab');
  });
});

describe('a save that fails', () => {
  let db: Database;
  let node: TestNode;
  beforeAll(async () => {
    db = await pgliteDatabase.openImported();
    node = await startTestNode(db);
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await node.close();
    await db.close();
  });

  /** Makes the database refuse the next `failures` transactions; counts every try. */
  function failingSaves(failures: number) {
    const transaction = db.transaction.bind(db);
    const tries = { count: 0 };
    // Fault injection: the database refuses to save, as PostgreSQL did with a NUL.
    db.transaction = ((work: Parameters<Database['transaction']>[0]) => {
      tries.count++;
      if (tries.count <= failures)
        return Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00'));
      return transaction(work);
    }) as Database['transaction'];
    return { tries, restore: () => (db.transaction = transaction) };
  }

  async function gameOf(nickname: string) {
    const host = await connectPlayer(node.url);
    await call(host, 'room:create', { nickname, settings: { scope: 'NL' } });
    return host;
  }

  test('is tried again, and a later try saves the game', async () => {
    const host = await gameOf('Once');
    const { tries, restore } = failingSaves(1);
    try {
      const { ended } = await play(host, host, 'Amsterdam');
      expect(tries.count).toBe(2);
      expect(ended.saved).toBe(true);
      const response = await fetch(`${node.url}/api/games/${ended.results.gameId}`);
      expect(response.status).toBe(200);
    } finally {
      restore();
    }
  });

  test('every try failing: impossible.log, and the players hear the result was not saved', async () => {
    const host = await gameOf('Never');
    const { tries, restore } = failingSaves(Infinity);
    let ended: GameEnded;
    try {
      expect(await call(host, 'game:start', {})).toEqual({ ok: true });
      await call(host, 'guess', { text: 'Amsterdam' });
      const heard = nextEvent(host, 'game:ended', () => true, 30_000);
      expect(await call(host, 'game:end', {})).toEqual({ ok: true });
      ended = await heard;
    } finally {
      restore();
    }
    expect(tries.count).toBe(SAVE_RETRY_DELAYS_MS.length + 1);
    expect(ended.saved).toBe(false);
    // The results are all there, for the screen; only the saved copy is missing.
    expect(ended.results.ranking[0]).toMatchObject({ nickname: 'Never', score: 1 });
    expect(ended.missed.length).toBeGreaterThan(0);
    expect((await fetch(`${node.url}/api/games/${ended.results.gameId}`)).status).toBe(404);
    const line = await eventually(
      async () => {
        const log = await readFile(join(node.files, 'impossible.log'), 'utf8');
        return log.split('\n').find((l) => l.includes(ended.results.gameId));
      },
      5000,
      'the line in impossible.log',
    );
    expect(JSON.parse(line)).toMatchObject({
      level: 50,
      impossible: 'a finished game could not be saved',
      gameId: ended.results.gameId,
      attempts: SAVE_RETRY_DELAYS_MS.length + 1,
    });
  });
});

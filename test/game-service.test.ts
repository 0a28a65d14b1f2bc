/**
 * The game service on its own (server/game/): no socket, no database, no
 * network. The rooms are the real in-memory store; the gazetteer, the
 * archive and the broadcaster are small fakes that record what the game
 * asked of them, so each test says what players would see.
 */
import type { AckError, Find, GameEnded, RoomState, Settings } from '../protocol/types.js';
import { GameEnding } from '../server/game/game-ending.js';
import { GameService, type NewQuiz, type Seated } from '../server/game/game-service.js';
import type { GameArchive, RoomBroadcaster } from '../server/game/ports.js';
import { createLogger } from '../server/log.js';
import type { Scope } from '../server/places/gazetteer.js';
import { GuessError } from '../server/places/resolve-guess.js';
import { MemoryRoomStore } from '../server/rooms/memory-room-store.js';
import type { Place } from '../server/places/place.js';
import type { RoomStore } from '../server/rooms/room-store.js';
import { TestClock } from './support/game-client.js';

const log = createLogger('silent');
const here = { node: 'test', socket: 's1' };
const there = { node: 'test', socket: 's2' };

const place = (id: number, name: string, country: string, population: number): Place => ({
  id,
  name,
  asciiName: name,
  country,
  admin1: '00',
  lat: 0,
  lon: 0,
  population,
  capital: false,
});
const PARIS = place(1, 'Paris', 'FR', 2_100_000);
const LYON = place(2, 'Lyon', 'FR', 520_000);
const BERLIN = place(3, 'Berlin', 'DE', 3_600_000);

const SCOPES: Record<string, Scope> = {
  FR: { id: 'FR', name: 'France', kind: 'country', places: 2, population: 2_620_000 },
  DE: { id: 'DE', name: 'Germany', kind: 'country', places: 1, population: 3_600_000 },
};
const NAMES: Record<string, Record<string, Place[]>> = {
  FR: { paris: [PARIS], lyon: [LYON] },
  DE: { berlin: [BERLIN] },
};

/** A gazetteer of two quizzes, and a resolver over it that remembers what it was asked. */
function fakePlaces() {
  const asked: string[] = [];
  return {
    asked,
    gazetteer: {
      scope: (id: string) => SCOPES[id],
      countriesIn: (scope: Scope) => [scope.id],
    },
    resolver: {
      failing: false,
      resolveIn(scope: Scope, text: string): Place[] {
        asked.push(`${scope.id}:${text}`);
        if (this.failing) throw new Error('the database went away');
        if (!/\p{L}/u.test(text)) throw new GuessError('empty_guess', 'a guess needs a letter');
        return NAMES[scope.id]?.[text.toLowerCase()] ?? [];
      },
    },
  };
}

/** What the players were told. */
interface Told {
  finds: Find[];
  states: RoomState[];
  ended: GameEnded[];
}

/** An archive in memory that fails its first `failures` saves. */
class Archive implements GameArchive {
  saved: GameEnded[] = [];
  tries = 0;
  constructor(private failures = 0) {}
  async save(game: GameEnded) {
    this.tries++;
    if (this.failures-- > 0) throw new Error('the database is restarting');
    this.saved.push(game);
  }
  async largestUnnamed(countries: readonly string[] | undefined, named: readonly number[]) {
    return [PARIS, LYON, BERLIN].filter(
      (p) => (!countries || countries.includes(p.country)) && !named.includes(p.id),
    );
  }
}

function setUp(options: { store?: RoomStore; archive?: Archive } = {}) {
  const store = options.store ?? new MemoryRoomStore();
  const places = fakePlaces();
  const told: Told = { finds: [], states: [], ended: [] };
  const broadcaster: RoomBroadcaster = {
    found: (_code, find) => void told.finds.push(find),
    state: (_code, room) => void told.states.push(room),
    ended: (_code, message) => void told.ended.push(message),
  };
  const archive = options.archive ?? new Archive();
  const impossible: { what: string }[] = [];
  const reports = { report: (what: string) => void impossible.push({ what }) };
  const counted: string[] = [];
  const counts = {
    found: () => void counted.push('found'),
    gameStarted: (scope: string) => void counted.push(`started ${scope}`),
    gameFinished: (scope: string) => void counted.push(`finished ${scope}`),
    playerJoined: () => void counted.push('joined'),
  };
  const clock = new TestClock();
  const game = new GameService({
    store,
    gazetteer: places.gazetteer,
    resolver: places.resolver,
    broadcaster,
    ending: new GameEnding({
      archive,
      gazetteer: places.gazetteer,
      broadcaster,
      impossible: reports,
      log,
      retryDelaysMs: [0, 0],
    }),
    counts,
    impossible: reports,
    log,
    clock: clock.read,
  });
  return { game, store, places, told, archive, impossible, counted, clock };
}

function quiz(game: GameService, settings: Partial<Settings>): NewQuiz {
  const checked = game.newQuiz(settings);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked;
}

function seated(reply: Seated | AckError): Seated {
  if (!reply.ok) throw new Error(`refused: ${reply.error.code}`);
  return reply;
}

/** A room in France with Ann (host) and Ben, its game started. */
async function playing(world = setUp(), settings: Partial<Settings> = { scope: 'FR' }) {
  const ann = seated(await world.game.create('Ann', quiz(world.game, settings), here));
  const ben = seated(await world.game.join(ann.code, 'Ben', there));
  expect(await world.game.start(ann.code, ann.you.playerId)).toEqual({ ok: true });
  return { ...world, code: ann.code, ann: ann.you.playerId, ben: ben.you.playerId };
}

describe('the game service', () => {
  test('a room opens with its first player seated; an unknown quiz is refused before anything', async () => {
    const { game, told, counted } = setUp();
    expect(game.newQuiz({ scope: 'atlantis' })).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'unknown scope: atlantis' },
    });
    const ann = seated(await game.create('Ann', quiz(game, { scope: 'FR', mode: 'coop' }), here));
    expect(ann.room.settings).toMatchObject({ scope: 'FR', mode: 'coop', durationSec: 600 });
    expect(ann.room.players.map((p) => p.nickname)).toEqual(['Ann']);
    expect(ann.room.hostId).toBe(ann.you.playerId);
    expect(counted).toEqual(['joined']);
    expect(told.states.at(-1)?.players).toHaveLength(1);
  });

  test('a token takes its seat back; a stranger gets a new seat; no room, no seat', async () => {
    const { game } = setUp();
    const ann = seated(await game.create('Ann', quiz(game, { scope: 'FR' }), here));
    const back = seated(await game.join(ann.code, 'Ann', there, ann.you.sessionToken));
    expect(back.you.playerId).toBe(ann.you.playerId);
    expect(back.previous).toEqual(here);
    const ben = seated(await game.join(ann.code, 'Ben', here, 'a-token-of-another-room'));
    expect(ben.you.playerId).not.toBe(ann.you.playerId);
    expect(ben.room.players.map((p) => p.nickname)).toEqual(['Ann', 'Ben']);
    expect(await game.join('ZZZZZZ', 'Cy', here)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('only the host starts; a start is counted for its quiz', async () => {
    const { game, counted } = setUp();
    const ann = seated(await game.create('Ann', quiz(game, { scope: 'FR' }), here));
    const ben = seated(await game.join(ann.code, 'Ben', there));
    expect(await game.start(ann.code, ben.you.playerId)).toMatchObject({
      ok: false,
      error: { code: 'not_host' },
    });
    expect(await game.start(ann.code, ann.you.playerId)).toEqual({ ok: true });
    expect(counted.filter((c) => c.startsWith('started'))).toEqual(['started FR']);
  });

  test('a race: the first to name a place has it, everyone is told, the second hears who', async () => {
    const { game, told, code, ann, ben } = await playing();
    expect(await game.guess(code, ann, 'Paris')).toEqual({
      ok: true,
      result: { kind: 'found', place: expect.objectContaining({ id: PARIS.id }) },
    });
    expect(await game.guess(code, ben, 'paris')).toEqual({
      ok: true,
      result: { kind: 'taken', place: expect.objectContaining({ id: PARIS.id }), by: ann },
    });
    expect(await game.guess(code, ben, 'Atlantis')).toEqual({ ok: true, result: { kind: 'miss' } });
    expect(told.finds.map((find) => [find.place.name, find.playerId])).toEqual([['Paris', ann]]);
  });

  test('what cannot be a guess is refused with a code, and a failing gazetteer says so', async () => {
    const world = setUp();
    const { game, places, code, ann } = await playing(world);
    expect(await game.guess(code, ann, '!!!')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    places.resolver.failing = true;
    expect(await game.guess(code, ann, 'Lyon')).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await game.guess('ZZZZZZ', ann, 'Lyon')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  test('a guess in the lobby is refused as wrong_phase, as players read it', async () => {
    const { game } = setUp();
    const ann = seated(await game.create('Ann', quiz(game, { scope: 'FR' }), here));
    expect(await game.guess(ann.code, ann.you.playerId, 'Paris')).toEqual({
      ok: false,
      error: { code: 'wrong_phase', message: 'no game is being played' },
    });
  });

  test("a node that has not seen the quiz change looks the guess up once more, in the room's own quiz", async () => {
    // Another node changed the quiz to Germany; this node's copy of the settings still says France.
    const real = new MemoryRoomStore();
    let lagging = true;
    const store: RoomStore = Object.create(real, {
      settings: {
        value: async (code: string) => {
          const current = await real.settings(code);
          if (!lagging || !current) return current;
          lagging = false;
          return { ...current, scope: 'FR' };
        },
      },
    }) as RoomStore;
    const world = setUp({ store });
    const { game, places, code, ann } = await playing(world, { scope: 'DE' });
    lagging = true;
    expect(await game.guess(code, ann, 'Berlin')).toMatchObject({
      ok: true,
      result: { kind: 'found', place: { id: BERLIN.id } },
    });
    expect(places.asked).toEqual(['FR:Berlin', 'DE:Berlin']);
  });

  test('the host ends the game: the results are saved, with the biggest places nobody named', async () => {
    const { game, told, archive, counted, code, ann } = await playing();
    await game.guess(code, ann, 'Paris');
    expect(await game.end(code, ann)).toEqual({ ok: true });
    await game.settled();
    expect(archive.saved).toHaveLength(1);
    const [ended] = told.ended;
    expect(ended?.saved).toBe(true);
    expect(ended?.missed.map((p) => p.name)).toEqual(['Lyon']);
    expect(ended?.results.ranking[0]).toMatchObject({ playerId: ann, score: 1 });
    expect(counted.filter((c) => c.startsWith('finished'))).toEqual(['finished FR']);
  });

  test('a save that fails is tried again; one that always fails is reported and the room told', async () => {
    const flaky = await playing(setUp({ archive: new Archive(1) }));
    await flaky.game.end(flaky.code, flaky.ann);
    await flaky.game.settled();
    expect(flaky.archive.tries).toBe(2);
    expect(flaky.told.ended[0]?.saved).toBe(true);

    const broken = await playing(setUp({ archive: new Archive(Infinity) }));
    await broken.game.end(broken.code, broken.ann);
    await broken.game.settled();
    expect(broken.archive.tries).toBe(3);
    expect(broken.told.ended[0]?.saved).toBe(false);
    expect(broken.impossible).toEqual([{ what: 'a finished game could not be saved' }]);
  });

  test('the clock ends a game whose time is up, and the rematch opens the lobby again', async () => {
    const { game, told, clock, counted, code, ann } = await playing(setUp(), {
      scope: 'FR',
      durationSec: 60,
    });
    clock.advance(59_000);
    await game.tick();
    expect(told.ended).toHaveLength(0);
    clock.advance(2_000);
    await game.tick();
    await game.settled();
    expect(told.ended).toHaveLength(1);
    expect(counted).toContain('finished FR');
    expect(await game.rematch(code, ann)).toEqual({ ok: true });
    expect((await game.state(code))?.phase).toBe('lobby');
  });

  test('games that end together end in turns of their own, with the sockets served between', async () => {
    const world = setUp();
    const first = await playing(world, { scope: 'FR', durationSec: 60 });
    const second = await playing(world, { scope: 'FR', durationSec: 60 });
    const order: string[] = [];
    const push = world.told.states.push.bind(world.told.states);
    world.told.states.push = (...states: RoomState[]) => {
      for (const state of states.filter((s) => s.phase === 'finished')) {
        order.push(`ended ${state.code}`);
        // What socket.io would do next: read and write the sockets waiting meanwhile.
        setImmediate(() => order.push('sockets served'));
      }
      return push(...states);
    };
    world.clock.advance(61_000);
    await world.game.tick();
    expect(order).toHaveLength(4);
    expect(order.filter((_, i) => i % 2 === 1)).toEqual(['sockets served', 'sockets served']);
    expect(order.filter((_, i) => i % 2 === 0).sort()).toEqual(
      [`ended ${first.code}`, `ended ${second.code}`].sort(),
    );
  });

  test("a dead node's seats are marked disconnected; a player who leaves is gone", async () => {
    const { game, code, ben } = await playing();
    await game.lostNode('test');
    const state = await game.state(code);
    expect(state?.players.every((p) => !p.connected)).toBe(true);
    await game.leave(code, ben);
    expect((await game.state(code))?.players.map((p) => p.nickname)).not.toContain('Ben');
  });
});

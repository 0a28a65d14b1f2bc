/**
 * The home page's rules, without a browser: the default quiz, the sentences
 * for refusals (error codes, nicknames, room codes), the public rooms' lines.
 */
import { ERROR_CODES } from '../protocol/schemas.js';
import { defaultScope } from '../client/src/state/default-scope.js';
import { isErrorCode, nicknameSentence, sentenceFor, type Action } from '../client/src/messages.js';
import { nicknameProblem } from '../protocol/nickname.js';
import { readRoomCode } from '../client/src/state/room-code-input.js';
import { listOrder, lobbyLine, playersText } from '../client/src/state/lobby-line.js';
import { secondsLeft } from '../client/src/state/countdown.js';

describe('defaultScope', () => {
  const scopes = new Set(['world', 'europe', 'AT', 'DE', 'FR', 'US', 'TW', 'ES']);
  const isScope = (id: string) => scopes.has(id);

  test.each([
    [['de-AT', 'de'], 'AT'],
    [['fr'], 'FR'],
    [['fr-FR', 'en-US'], 'FR'],
    [['en', 'de-AT'], 'AT'], // a stated region before a likely one
    [['en-US'], 'US'],
    [['zh-Hant'], 'TW'],
    [['es-419'], 'world'], // Latin America is no country
    [['de-CH'], 'world'], // Switzerland is no quiz here, and Germany would be a guess
    [['not a tag!'], 'world'],
    [[], 'world'],
  ])('%j → %s', (languages, scope) => expect(defaultScope(languages, isScope)).toBe(scope));
});

describe('sentenceFor', () => {
  const ACTIONS: Action[] = ['create', 'join', 'guess', 'settings', 'start', 'end', 'rematch'];

  test('every code of the protocol, for every action, is a sentence', () => {
    for (const code of ERROR_CODES) {
      for (const action of ACTIONS) {
        const sentence = sentenceFor(code, action);
        expect(sentence).toMatch(/^[A-Z].*[.!]$/);
        expect(sentence).not.toContain(code);
      }
    }
  });

  test.each([
    ['room_full', 'join', 'This room is full.'],
    ['not_found', 'join', 'There is no room with that code. Check it with whoever sent it.'],
    ['rate_limited', 'create', 'Slow down a little and try again in a moment.'],
    ['unavailable', 'guess', "The server can't be reached right now. Try again in a moment."],
    ['not_host', 'start', 'Only the host can start the game.'],
  ] as const)('%s on %s', (code, action, sentence) =>
    expect(sentenceFor(code, action)).toBe(sentence),
  );

  test('tells codes from sentences', () => {
    expect(isErrorCode('room_full')).toBe(true);
    expect(isErrorCode('This room is full.')).toBe(false);
    expect(isErrorCode('constructor')).toBe(false);
  });
});

describe('nicknameSentence', () => {
  test('too long, counted as the rule counts', () => {
    const typed = '  Annemarie-Christine von Hohenzollern ';
    expect(nicknameProblem(typed)).toBe('too_long');
    expect(nicknameSentence('too_long', typed)).toBe(
      'Nicknames can be 24 characters at most; this one has 36.',
    );
    expect(nicknameSentence('too_long', 'x'.repeat(31))).toBe(
      'Nicknames can be 24 characters at most; this one has 31.',
    );
  });

  test('empty', () => {
    expect(nicknameSentence('empty', '   ')).toBe(
      'Pick a nickname first: it shows next to your finds.',
    );
  });
});

describe('readRoomCode', () => {
  test.each([
    ['K7QX3M', 'K7QX3M'],
    ['  k7qx3m ', 'K7QX3M'],
    ['https://placerace.example/r/K7QX3M', 'K7QX3M'],
    ['http://127.0.0.1:3000/r/k7qx3m/', 'K7QX3M'],
  ])('%j is %s', (typed, code) => expect(readRoomCode(typed)).toEqual({ code }));

  test.each([
    ['KQX', 'Room codes have 6 letters and digits, like K7QX3M.'],
    ['K7QX3MM', 'Room codes have 6 letters and digits, like K7QX3M.'],
    ['K7-X3M', 'Room codes have 6 letters and digits, like K7QX3M.'],
    ['K7QX3O', 'Room codes never use O or 0; check the code.'],
    ['k7qx30', 'Room codes never use O or 0; check the code.'],
    ['K7QX31', 'Room codes never use I, L or 1; check the code.'],
    ['ABC', 'Room codes have 6 letters and digits, like K7QX3M, and never use B or 8.'],
    ['   ', 'Type the room code you were sent, like K7QX3M.'],
  ])('%j: %s', (typed, problem) => expect(readRoomCode(typed)).toEqual({ problem }));
});

describe('a public room in the list', () => {
  const names = new Map([['DE', 'Germany']]);

  test('"Germany · race · 3 players"', () => {
    const line = lobbyLine(
      { code: 'K7QX3M', scope: 'DE', mode: 'race', players: 3, maxPlayers: 16 },
      (id) => names.get(id),
    );
    expect(`${line.quiz} · ${line.details}`).toBe('Germany · race · 3 players');
  });

  test.each([
    [1, 16, '1 player'],
    [13, 16, '13 players'],
    [14, 16, '14 of 16 players'],
    [15, 16, '15 of 16 players'],
    [16, 16, '16 of 16 players, full'],
    [7, 8, '7 of 8 players'],
    [6, 8, '6 players'],
  ])('%i of %i: %s', (players, maxPlayers, text) =>
    expect(playersText({ players, maxPlayers })).toBe(text),
  );

  test('"Germany · race · 2 players · playing now" while a game runs there', () => {
    const line = lobbyLine(
      { code: 'K7QX3M', scope: 'DE', mode: 'race', players: 2, maxPlayers: 16, running: true },
      (id) => names.get(id),
    );
    expect(`${line.quiz} · ${line.details}`).toBe('Germany · race · 2 players · playing now');
  });

  test('waiting rooms come first, fullest first, then running games', () => {
    const room = (code: string, players: number, running?: boolean) => ({
      code,
      scope: 'DE',
      mode: 'race',
      players,
      maxPlayers: 16,
      running,
    });
    const order = listOrder([room('AAAAAA', 5, true), room('BBBBBB', 1), room('CCCCCC', 3, false)]);
    expect(order.map((r) => r.code)).toEqual(['CCCCCC', 'BBBBBB', 'AAAAAA']);
  });

  test("a lobby's countdown in whole seconds, rounded up, never below 0", () => {
    expect(secondsLeft(30_000, 0)).toBe(30);
    expect(secondsLeft(30_000, 1)).toBe(30);
    expect(secondsLeft(30_000, 29_001)).toBe(1);
    expect(secondsLeft(30_000, 30_000)).toBe(0);
    expect(secondsLeft(30_000, 45_000)).toBe(0);
  });

  test('an unknown quiz shows its id', () => {
    const line = lobbyLine(
      { code: 'K7QX3M', scope: 'XX', mode: 'coop', players: 2, maxPlayers: 16 },
      () => undefined,
    );
    expect(line.quiz).toBe('XX');
  });
});

/**
 * The nickname rules (protocol/nickname.ts, protocol/player-text.ts): what
 * is dropped, what is kept, what is refused; and the room's rule that names
 * which pass for one another are one name (server/rooms/nickname-skeleton.ts).
 */
import {
  cleanNickname,
  MAX_MARKS_PER_CHARACTER,
  NICKNAME_MAX_LENGTH,
  nicknameProblem,
  shortenNickname,
} from '../protocol/nickname.js';
import { cleanGuess, stripInvisible } from '../protocol/player-text.js';
import { Nickname } from '../protocol/schemas.js';
import { applyCommand, createRoom, defaultSettings } from '../server/rooms/room.js';
import { nicknameKeys, skeleton } from '../server/rooms/nickname-skeleton.js';
import { roomState } from '../server/rooms/snapshot.js';

const MARK = /\p{M}/u;

/** The most combining marks after any one character of `text`. */
function mostMarks(text: string): number {
  let most = 0;
  let run = 0;
  for (const char of text) {
    run = MARK.test(char) ? run + 1 : 0;
    most = Math.max(most, run);
  }
  return most;
}

describe('cleaning', () => {
  test.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['other controls', 'A\u0007n\u001bn\u007f', 'Ann'],
    ['right-to-left override', '\u202Eevil', 'evil'],
    ['bidi embeddings, isolates and marks', '\u202Ba\u2067b\u2069\u200Fc\u061C', 'abc'],
    ['a zero-width suffix', 'host\u200B', 'host'],
    ['zero-width characters inside', 'h\u200Co\u2060s\uFEFFt', 'host'],
    ['a soft hyphen', 'Ann\u00ADa', 'Anna'],
    ['a Hangul filler', 'Ann\u3164', 'Ann'],
    ['a tab and a line break', 'Ana\tB\r\nC', 'Ana B C'],
    ['odd spaces', '\u00A0Ana\u2003\u3000B\u2800', 'Ana B'],
    ['spaces around and inside', '  Ana   B ', 'Ana B'],
    ['decomposed letters (NFC)', 'Zoe\u0308', 'Zoë'],
  ])('%s', (_what, raw, clean) => {
    expect(cleanNickname(raw)).toBe(clean);
  });

  test('the Cyrillic о is a letter like any other: kept', () => {
    expect(cleanNickname('hоst')).toBe('h\u043Est');
  });

  test('combining marks: at most two per character, none without one', () => {
    const stacked = 'Z' + '\u0301'.repeat(23) + 'a' + '\u0323'.repeat(5);
    const clean = cleanNickname(stacked);
    expect(mostMarks(clean)).toBe(MAX_MARKS_PER_CHARACTER);
    expect(clean.normalize('NFD').replace(/\p{M}/gu, '')).toBe('Za');
    expect(cleanNickname('\u0301\u0301Ann')).toBe('Ann');
    expect(cleanNickname('Ann \u0301\u0301Bo')).toBe('Ann Bo');
  });

  test('Vietnamese, Thai and Hindi names keep their marks', () => {
    for (const name of ['Nguyễn Thị Ánh', 'สมชาย', 'อุ๊', 'क्षत्रिय', 'Ελένη']) {
      expect(cleanNickname(name)).toBe(name.normalize('NFC'));
    }
  });

  test('emoji keep what joins them; a stray joiner goes', () => {
    for (const name of ['👨‍👩‍👧 fam', '🏳️‍🌈', '👩🏽‍💻', '❤️ Ann']) expect(cleanNickname(name)).toBe(name);
    expect(cleanNickname('\u200DAnn\u200D')).toBe('Ann');
    expect(cleanNickname('😀\u200D')).toBe('😀');
    expect(cleanNickname('A\uFE0Fnn')).toBe('Ann');
  });

  test('cleaning a clean nickname changes nothing', () => {
    const hostile = [
      'a\u0000b',
      '\u202Eevil',
      'Z' + '\u0301'.repeat(23),
      '👨‍👩‍👧\u200D x',
      ' \u0301 a\u3164 ',
      'ǘ\u0323\u0323\u0323',
    ];
    for (const raw of hostile) {
      const clean = cleanNickname(raw);
      expect(cleanNickname(clean)).toBe(clean);
      expect(clean).toBe(clean.normalize('NFC'));
    }
  });
});

describe('what is refused', () => {
  test.each([
    ['nothing', '', 'empty'],
    ['spaces', '   \t ', 'empty'],
    ['24 zero-width spaces', '\u200B'.repeat(24), 'invisible'],
    ['a Hangul filler', '\u3164', 'invisible'],
    ['the blank Braille pattern', '\u2800', 'invisible'],
    ['a soft hyphen', '\u00AD', 'invisible'],
    ['marks alone', '\u0301\u0302', 'invisible'],
    ['a bidi override alone', '\u202E \u202C', 'invisible'],
    ['25 letters', 'a'.repeat(25), 'too_long'],
  ])('%s', (_what, raw, problem) => {
    expect(nicknameProblem(raw)).toBe(problem);
    expect(Nickname.safeParse(raw).success).toBe(false);
  });

  test('24 letters after cleaning are fine, however long the text sent', () => {
    const raw = `${'\u200B'.repeat(50)}${'a'.repeat(NICKNAME_MAX_LENGTH)}`;
    expect(nicknameProblem(raw)).toBeUndefined();
    expect(Nickname.parse(raw)).toBe('a'.repeat(NICKNAME_MAX_LENGTH));
  });

  test('symbols, digits and punctuation show', () => {
    for (const name of ['😀', '42', '?!', '★']) expect(nicknameProblem(name)).toBeUndefined();
  });

  test('the schema says why, and gives the server the cleaned name', () => {
    const invisible = Nickname.safeParse('\u3164');
    expect(invisible.success).toBe(false);
    expect(invisible.error?.issues[0]?.message).toBe(
      'a nickname needs a letter, digit or symbol that shows',
    );
    expect(Nickname.parse('\u202Eevil\u200B ')).toBe('evil');
  });
});

test('shortening keeps emoji whole and a nickname clean', () => {
  expect(shortenNickname('ab👨‍👩‍👧', 4)).toBe('ab👨');
  expect(shortenNickname('ab 👨', 3)).toBe('ab');
  expect([...shortenNickname('😀'.repeat(24), 22)]).toHaveLength(22);
});

test('guesses lose their invisible characters, spaces stay words apart', () => {
  expect(cleanGuess('Ber\u0000lin')).toBe('Berlin');
  expect(cleanGuess('Ham\u200Bburg\u202E')).toBe('Hamburg');
  expect(cleanGuess('New\tYork')).toBe('New York');
  expect(stripInvisible('a\u200Db')).toBe('ab');
  // Printable ASCII passes as it is; ASCII's controls and DEL still go.
  expect(cleanGuess("St. John's 2")).toBe("St. John's 2");
  expect(cleanGuess('Ber\u007flin\r\n')).toBe('Berlin  ');
});

describe('look-alike names in a room', () => {
  test('the confusable skeleton (UTS #39) of look-alikes is one', () => {
    expect(skeleton('hоst')).toBe(skeleton('host'));
    expect(skeleton('ｈｏｓｔ')).toBe(skeleton('host'));
    expect(skeleton('rn')).toBe(skeleton('m'));
    expect(skeleton('Zoë')).not.toBe(skeleton('Zoe'));
    expect(nicknameKeys('HOST')[1]).toBe(nicknameKeys('host')[1]);
  });

  test('"hоst" (Cyrillic о) joining "host" becomes "hоst 2"; so do the others', () => {
    const room = createRoom('ACDEFG', defaultSettings(), { places: 1, population: 1 }, 0);
    const join = (nickname: string, id: string) =>
      applyCommand(room, { type: 'join', nickname, playerId: id, token: `t-${id}` }, 0);
    join('host', 'a');
    join('h\u043Est', 'b');
    join('ｈｏｓｔ', 'c');
    join('HOST', 'd');
    join('Ann', 'e');
    expect(roomState(room).players.map((p) => p.nickname)).toEqual([
      'host',
      'h\u043Est 2',
      'ｈｏｓｔ 3',
      'HOST 4',
      'Ann',
    ]);
  });
});

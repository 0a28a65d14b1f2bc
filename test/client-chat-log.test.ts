/**
 * The chat as the browser keeps it (client/src/state/chat-log.ts): the
 * room's lines once each, in the room's order, whether live or replayed
 * after a reconnection; the browser's own notes where they were written;
 * what is unread; the sentences of the host's acts. And the runs of words a
 * message is read in for the places it names (server/places/mentions.ts).
 */
import type { ChatMessage } from '../protocol/types.js';
import { ChatLog, chatSentence, heldNote } from '../client/src/state/chat-log.js';
import { nameRuns } from '../server/places/mentions.js';

const said = (id: number, text: string, playerId = 'ben'): ChatMessage => ({
  kind: 'said',
  id,
  at: 1000 + id,
  playerId,
  nickname: playerId === 'ben' ? 'Ben' : 'Ana',
  color: '#123456',
  text,
});
const texts = (log: ChatLog) =>
  log.lines.map((line) => (line.kind === 'said' || line.kind === 'note' ? line.text : line.kind));

describe('the chat log', () => {
  test('lines once each, in the room’s order, live or replayed', () => {
    const log = new ChatLog();
    expect(log.add([said(2, 'b'), said(3, 'c')])).toHaveLength(2);
    // The replay after a reconnection brings what was missed and what was already here.
    expect(log.add([said(1, 'a'), said(2, 'b'), said(3, 'c'), said(4, 'd')])).toHaveLength(2);
    expect(texts(log)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.add([said(4, 'd')])).toEqual([]);
  });

  test('a note stays after the line it was written after', () => {
    const log = new ChatLog();
    log.add([said(1, 'hello')]);
    log.note(heldNote('try Köln'));
    log.add([said(2, 'later')]);
    expect(texts(log)).toEqual([
      'hello',
      'Your message “try Köln” names a place still to be found: it will be shown when the game ends.',
      'later',
    ]);
  });

  test('what is unread, until read', () => {
    const log = new ChatLog();
    log.add([said(1, 'a'), said(2, 'b')]);
    expect(log.unread).toBe(2);
    log.markRead();
    log.add([said(3, 'c')]);
    expect(log.unread).toBe(1);
    log.reset();
    expect(log.lines).toEqual([]);
    expect(log.unread).toBe(0);
  });

  test('the host’s acts in sentences, names isolated, "you" for the reader', () => {
    const removed: ChatMessage = {
      kind: 'removed',
      id: 5,
      at: 0,
      playerId: 'troll',
      nickname: 'Troll',
      by: 'Ana',
    };
    const mark = (name: string) => `\u2068${name}\u2069`;
    const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');
    expect(plain(chatSentence(removed, 'ben', mark))).toBe('Ana removed Troll.');
    expect(plain(chatSentence(removed, 'troll', mark))).toBe('Ana removed you from the room.');
    expect(chatSentence(removed, 'ben', mark)).toContain('\u2068Troll\u2069');
    const muted: ChatMessage = { ...removed, kind: 'muted', muted: true };
    expect(plain(chatSentence(muted, 'ben', mark))).toBe('Ana muted Troll.');
    expect(plain(chatSentence({ ...muted, muted: false }, 'troll', mark))).toBe(
      'Ana let you chat again.',
    );
  });
});

describe('the runs of words a message names places in', () => {
  test('each word and each run of two or three, without the fillers alone', () => {
    expect(nameRuns('Try Bad Homburg!')).toEqual(['try bad homburg', 'bad homburg', 'homburg']);
    // Short and common words name nothing by themselves; a name holding one still counts.
    expect(nameRuns('gg, nice one')).toEqual([]);
    expect(nameRuns('the Hague')).toEqual(['the hague', 'hague']);
    // The guesses' own normalisation: case, accents, St. → saint.
    expect(nameRuns('St. Pölten')).toEqual(['saint', 'saint polten', 'polten']);
  });
});

/**
 * The sentences a player reads when something is refused: the server's
 * error codes for each action, and the checks the home page makes before
 * sending. Never the server's own message text, which is written for
 * developers (schema paths, internal names). Free of the DOM.
 */
import {
  NICKNAME_MAX_LENGTH,
  cleanNickname,
  type NicknameProblem,
} from '../../protocol/nickname.js';
import type { ErrorCode } from '../../protocol/types.js';

/** What the player was doing when the server said no. */
export type Action =
  'create' | 'join' | 'guess' | 'settings' | 'start' | 'end' | 'rematch' | 'hold';

type Sentences = string | ({ other: string } & Partial<Record<Action, string>>);

const TRY_AGAIN = 'Try again in a moment.';
const ROOM_GONE = 'This room is closed. Start a new one from the home page.';

/** Every code, so a new code in the protocol fails the type check here until it has a sentence. */
const SENTENCES: Record<ErrorCode, Sentences> = {
  bad_request: {
    create: 'The server could not use these settings. Check them and try again.',
    join: 'That did not work. Check the room code and your nickname, and try again.',
    guess: 'That guess could not be read. Type it again.',
    settings: 'That setting cannot be used here. Pick another one.',
    other: `That did not work. ${TRY_AGAIN}`,
  },
  not_found: {
    create: 'That quiz does not exist. Pick one from the list.',
    join: 'There is no room with that code. Check it with whoever sent it.',
    other: ROOM_GONE,
  },
  room_full: {
    join: 'This room is full.',
    other: 'This room is full.',
  },
  not_host: {
    settings: 'Only the host can change the settings.',
    start: 'Only the host can start the game.',
    end: 'Only the host can end the game.',
    rematch: 'Only the host can start another round.',
    hold: 'Only the host can stop the countdown.',
    other: 'Only the host can do that.',
  },
  wrong_phase: {
    guess: 'No game is running in this room right now.',
    settings: 'The settings can only change before the game starts.',
    start: 'The game has already started.',
    end: 'The game is already over.',
    rematch: 'Another round can start once this game is over.',
    join: 'This room cannot be joined right now.',
    other: `That cannot be done right now. ${TRY_AGAIN}`,
  },
  rate_limited: `Slow down a little and try again in a moment.`,
  unauthorized: {
    // A join is refused this way only for a player the host removed (server/rooms/host-tools.ts).
    join: 'The host removed you from this room. You can join it again in a few minutes.',
    other: 'Your seat in this room has expired. Reload the page to join again.',
  },
  unavailable: `The server can't be reached right now. ${TRY_AGAIN}`,
  internal: `Something went wrong on our side. ${TRY_AGAIN}`,
};

/** Whether a string is one of the protocol's error codes (and not a sentence). */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(SENTENCES, value);
}

/** The sentence for an error code the server answered `action` with. */
export function sentenceFor(code: ErrorCode, action: Action): string {
  const sentences = SENTENCES[code] as Sentences | undefined;
  if (sentences === undefined) return `That did not work. ${TRY_AGAIN}`; // a code newer than this client
  return typeof sentences === 'string' ? sentences : (sentences[action] ?? sentences.other);
}

/** Why a nickname is refused, as the field next to it says it. */
export function nicknameSentence(problem: NicknameProblem, raw: string): string {
  if (problem === 'empty') return 'Pick a nickname first: it shows next to your finds.';
  if (problem === 'invisible')
    return 'Your nickname needs a letter, a digit or a symbol that shows on the screen.';
  const length = [...cleanNickname(raw)].length;
  return `Nicknames can be ${NICKNAME_MAX_LENGTH} characters at most; this one has ${length}.`;
}

/**
 * The home page: create a room (nickname, quiz, mode, duration), join one
 * by its code, or pick a public room. Every refusal is a sentence next to
 * the field it is about, never the server's text.
 */
import '../home.css';
import { cleanNickname, nicknameProblem } from '../../../protocol/nickname.js';
import type { ScopeInfo } from '../api.js';
import { h } from '../dom.js';
import { isErrorCode, nicknameSentence, sentenceFor } from '../messages.js';
import { defaultScope } from '../state/default-scope.js';
import { listOrder, lobbyLine, type LobbyLine } from '../state/lobby-line.js';
import { readRoomCode } from '../state/room-code-input.js';
import { rememberNickname, rememberedNickname } from '../state/session.js';
import { scopeChooser } from './scope-chooser.js';
import { dailyCard, type DailyWay } from './daily-card.js';
import type { DailyQuizInfo } from '../../../protocol/daily.js';

export { scopeChooser };

export interface HomeActions {
  create(choice: {
    nickname: string;
    scope: string;
    mode: string;
    durationSec: number;
    public: boolean;
  }): void;
  join(code: string): void;
  /** "Play now": a public lobby of the quiz, the fullest with room or a new one. */
  playNow(choice: { nickname: string; scope: string }): void;
  /** The daily quiz (daily-card.ts), alone or with friends. */
  playDaily?(choice: { nickname: string; way: DailyWay }): void;
}

/** A public room as GET /api/rooms lists it. */
export type LobbyListing = LobbyLine;

export const DURATIONS: [number, string][] = [
  [120, '2 minutes'],
  [300, '5 minutes'],
  [600, '10 minutes'],
  [1800, '30 minutes'],
  [3600, '1 hour'],
  [0, 'Untimed'],
];

/**
 * A sentence about one field, right below it: the field says it is invalid
 * and is described by the sentence, and takes the focus when refused.
 */
function fieldProblem(field: HTMLInputElement) {
  const id = `${field.id}-problem`;
  const note = h('p', { id, class: 'field-problem' });
  return {
    note,
    show(sentence: string, focus = true) {
      note.textContent = sentence;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', id);
      if (focus) field.focus();
    },
    clear() {
      note.textContent = '';
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
    },
  };
}

/** The browser's languages, best first (`navigator.languages` may be empty). */
function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** A quiz chosen before the page opened: "Play this quiz" on a saved result links to /?quiz=DE&mode=race. */
export interface HomeChoice {
  scope?: string;
  mode?: string;
}

/**
 * @param problem why the last attempt failed: a sentence for players, or an
 *   error code the server answered `room:create` with
 */
export function renderHome(
  scopes: readonly ScopeInfo[],
  lobbies: readonly LobbyListing[],
  actions: HomeActions,
  problem?: string,
  chosen: HomeChoice = {},
  /** Today's daily quiz, when the server has one. */
  daily?: DailyQuizInfo,
): { element: HTMLElement; showLobbies: (lobbies: readonly LobbyListing[]) => void } {
  const nickname = h('input', {
    id: 'nickname',
    type: 'text',
    required: true,
    autocomplete: 'nickname',
    spellcheck: 'false',
    value: rememberedNickname(),
  });
  const nicknameNote = fieldProblem(nickname);
  // A nickname typed here and not yet used is kept for the room the player opens next.
  const keepNickname = () => {
    const typed = cleanNickname(nickname.value);
    if (typed !== '') rememberNickname(typed);
  };
  nickname.addEventListener('change', keepNickname);
  nickname.addEventListener('input', () => {
    // Too long is said while typing; an empty field waits for the submit.
    const now = nicknameProblem(nickname.value);
    if (now === 'too_long') nicknameNote.show(nicknameSentence(now, nickname.value), false);
    else nicknameNote.clear();
  });

  const scopeIds = new Set(scopes.map((scope) => scope.id));
  const quiz = scopeChooser(
    scopes,
    chosen.scope && scopeIds.has(chosen.scope)
      ? chosen.scope
      : defaultScope(browserLanguages(), (id) => scopeIds.has(id)),
    'quiz',
  );
  const quizNote = fieldProblem(quiz.input);
  quiz.input.addEventListener('input', quizNote.clear);
  quiz.input.addEventListener('change', () => {
    if (quiz.value()) quizNote.clear();
  });

  const mode = h(
    'select',
    { id: 'mode' },
    h('option', { value: 'race' }, 'Race: first to name a place gets it'),
    h('option', { value: 'parallel' }, 'Parallel: everyone plays the whole quiz'),
    h('option', { value: 'coop' }, 'Co-op: one team against the clock'),
  );
  if (chosen.mode && [...mode.options].some((option) => option.value === chosen.mode)) {
    mode.value = chosen.mode;
  }
  const duration = h(
    'select',
    { id: 'duration' },
    ...DURATIONS.map(([seconds, label]) =>
      h('option', { value: seconds, selected: seconds === 600 }, label),
    ),
  );
  const isPublic = h('input', { id: 'public', type: 'checkbox' });
  const sentence = problem && isErrorCode(problem) ? sentenceFor(problem, 'create') : problem;
  const error = h('p', { class: 'error', role: 'alert' }, sentence ?? '');

  /** The nickname and quiz, checked; undefined once the field at fault says why. */
  const nicknameAndQuiz = (): { nickname: string; scope: string } | undefined => {
    error.textContent = '';
    const refused = nicknameProblem(nickname.value);
    if (refused) return void nicknameNote.show(nicknameSentence(refused, nickname.value));
    const scope = quiz.value();
    if (!scope) {
      return void quizNote.show(
        quiz.input.value.trim() === ''
          ? 'Pick a quiz: a country, a continent or World.'
          : 'Pick a quiz from the list: a country, a continent or World.',
      );
    }
    keepNickname();
    return { nickname: cleanNickname(nickname.value), scope };
  };
  const createForm = h(
    'form',
    {
      class: 'card',
      // The checks below say what is wrong in a sentence; the browser's own bubbles would not.
      novalidate: true,
      onsubmit: ((event: Event) => {
        event.preventDefault();
        const chosen = nicknameAndQuiz();
        if (!chosen) return;
        actions.create({
          ...chosen,
          mode: mode.value,
          durationSec: Number(duration.value),
          public: isPublic.checked,
        });
      }) as EventListener,
    },
    h('h2', {}, 'Play'),
    h('label', { for: 'nickname' }, 'Nickname'),
    nickname,
    nicknameNote.note,
    h('label', { for: 'quiz' }, 'Quiz'),
    ...quiz.elements,
    quizNote.note,
    ...playNow(() => {
      const chosen = nicknameAndQuiz();
      if (chosen) actions.playNow(chosen);
    }),
    h('label', { for: 'mode' }, 'Mode'),
    mode,
    h('label', { for: 'duration' }, 'Duration'),
    duration,
    h('label', { class: 'inline' }, isPublic, ' List the room publicly'),
    h('button', { type: 'submit', class: 'secondary' }, 'Create room'),
    error,
  );

  const playDaily = actions.playDaily;
  const today =
    daily &&
    playDaily &&
    dailyCard(daily, (way) => {
      error.textContent = '';
      const refused = nicknameProblem(nickname.value);
      if (refused) return nicknameNote.show(nicknameSentence(refused, nickname.value));
      keepNickname();
      playDaily({ nickname: cleanNickname(nickname.value), way });
    });

  const code = h('input', {
    id: 'room-code',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    enterkeyhint: 'go',
    placeholder: 'K7QX3M',
  });
  const codeNote = fieldProblem(code);
  code.addEventListener('input', codeNote.clear);
  const joinForm = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: ((event: Event) => {
        event.preventDefault();
        const read = readRoomCode(code.value);
        if ('problem' in read) return codeNote.show(read.problem);
        keepNickname();
        actions.join(read.code);
      }) as EventListener,
    },
    h('h2', {}, 'Join a room'),
    h('label', { for: 'room-code' }, 'Room code'),
    code,
    codeNote.note,
    h('button', { type: 'submit' }, 'Join'),
  );

  const publicRooms = h('section', { class: 'card', 'aria-labelledby': 'public-rooms-title' });
  const scopeName = new Map(scopes.map((s) => [s.id, s.name]));
  const showLobbies = (list: readonly LobbyListing[]) =>
    publicRooms.replaceChildren(
      h('h2', { id: 'public-rooms-title' }, 'Public rooms'),
      lobbyList(list, (id) => scopeName.get(id), keepNickname),
    );
  showLobbies(lobbies);

  const element = h(
    'div',
    { class: 'home' },
    h(
      'section',
      { class: 'intro' },
      h('h1', {}, 'How many places can you name?'),
      h(
        'p',
        {},
        'Race your friends to name the cities, towns and villages of a country, a state or region, a continent or the world. Every correct name appears at once on everyone’s map.',
      ),
    ),
    today ?? null,
    createForm,
    joinForm,
    publicRooms,
  );
  return { element, showLobbies };
}

/** "Play now", under the quiz: a public game of it, with strangers, in one click. */
function playNow(play: () => void): HTMLElement[] {
  return [
    h(
      'div',
      { class: 'play-now' },
      h(
        'button',
        {
          type: 'button',
          class: 'play-now-button',
          'aria-describedby': 'play-now-note',
          onclick: play as EventListener,
        },
        'Play now',
      ),
      h(
        'p',
        { class: 'muted play-now-note', id: 'play-now-note' },
        'Joins a public game of this quiz, or opens one. It starts 30 seconds after a second player arrives.',
      ),
    ),
    h('p', { class: 'muted or-own-room' }, 'Or set up a room of your own:'),
  ];
}

function lobbyList(
  lobbies: readonly LobbyListing[],
  scopeName: (id: string) => string | undefined,
  beforeOpening: () => void,
): HTMLElement {
  if (lobbies.length === 0)
    return h('p', { class: 'muted' }, 'No public room is open. Press Play now to open one!');
  // Any click on a room (also one that opens a new tab) keeps the nickname typed above.
  const remember = (event: Event) => {
    if ((event.target as Element).closest?.('a')) beforeOpening();
  };
  return h(
    'ul',
    { class: 'public-rooms', onclick: remember as EventListener, onauxclick: remember },
    ...listOrder(lobbies).map((room) => {
      const line = lobbyLine(room, scopeName);
      return h(
        'li',
        {},
        h(
          'a',
          { class: 'public-room', href: `/r/${room.code}` },
          h(
            'span',
            { class: 'public-room-text' },
            h('span', { class: 'public-room-quiz' }, line.quiz),
            h('span', { class: 'public-room-details' }, ` · ${line.details}`),
          ),
          h(
            'span',
            { class: 'public-room-join', 'aria-hidden': 'true' },
            room.running ? 'Open →' : 'Join →',
          ),
        ),
      );
    }),
  );
}

import { h, formatNumber } from '../dom.js';
import { rememberedNickname } from '../state/session.js';
import type { ScopeInfo } from '../api.js';

export interface HomeActions {
  create(choice: {
    nickname: string;
    scope: string;
    mode: string;
    durationSec: number;
    public: boolean;
  }): void;
  join(code: string): void;
}

export interface LobbyListing {
  code: string;
  scope: string;
  mode: string;
  players: number;
  maxPlayers: number;
}

export const DURATIONS: [number, string][] = [
  [120, '2 minutes'],
  [300, '5 minutes'],
  [600, '10 minutes'],
  [1800, '30 minutes'],
  [3600, '1 hour'],
  [0, 'Untimed'],
];

/** The quiz chooser: type a country, a continent or "World"; the list shows each one's place count. */
export function scopeChooser(scopes: readonly ScopeInfo[], selected: string, id: string) {
  const listId = `${id}-scopes`;
  const byName = new Map(scopes.map((s) => [s.name.toLowerCase(), s]));
  const current = scopes.find((s) => s.id === selected);
  const input = h('input', {
    id,
    type: 'text',
    list: listId,
    autocomplete: 'off',
    required: true,
    value: current?.name ?? '',
    placeholder: 'Germany, Europe, World…',
  });
  const datalist = h(
    'datalist',
    { id: listId },
    ...scopes.map((s) => h('option', { value: s.name, label: `${formatNumber(s.places)} places` })),
  );
  return {
    elements: [input, datalist],
    input,
    /** The scope id for what is typed, or undefined while it names none. */
    value: (): string | undefined => byName.get(input.value.trim().toLowerCase())?.id,
  };
}

export function renderHome(
  scopes: readonly ScopeInfo[],
  lobbies: readonly LobbyListing[],
  actions: HomeActions,
  problem?: string,
): { element: HTMLElement; showLobbies: (lobbies: readonly LobbyListing[]) => void } {
  const nickname = h('input', {
    id: 'nickname',
    type: 'text',
    maxlength: 24,
    required: true,
    autocomplete: 'nickname',
    value: rememberedNickname(),
  });
  const quiz = scopeChooser(scopes, 'DE', 'quiz');
  const mode = h(
    'select',
    { id: 'mode' },
    h('option', { value: 'race' }, 'Race: first to name a place gets it'),
    h('option', { value: 'parallel' }, 'Parallel: everyone plays the whole quiz'),
    h('option', { value: 'coop' }, 'Co-op: one team against the clock'),
  );
  const duration = h(
    'select',
    { id: 'duration' },
    ...DURATIONS.map(([seconds, label]) =>
      h('option', { value: seconds, selected: seconds === 600 }, label),
    ),
  );
  const isPublic = h('input', { id: 'public', type: 'checkbox' });
  const error = h('p', { class: 'error', role: 'alert' }, problem ?? '');

  const createForm = h(
    'form',
    {
      class: 'card',
      onsubmit: ((event: Event) => {
        event.preventDefault();
        const scope = quiz.value();
        if (!scope) {
          error.textContent = 'Pick a quiz from the list: a country, a continent or World.';
          quiz.input.focus();
          return;
        }
        actions.create({
          nickname: nickname.value,
          scope,
          mode: mode.value,
          durationSec: Number(duration.value),
          public: isPublic.checked,
        });
      }) as EventListener,
    },
    h('h2', {}, 'New room'),
    h('label', { for: 'nickname' }, 'Nickname'),
    nickname,
    h('label', { for: 'quiz' }, 'Quiz'),
    ...quiz.elements,
    h('label', { for: 'mode' }, 'Mode'),
    mode,
    h('label', { for: 'duration' }, 'Duration'),
    duration,
    h('label', { class: 'inline' }, isPublic, ' List the room publicly'),
    h('button', { type: 'submit' }, 'Create room'),
    error,
  );

  const code = h('input', {
    id: 'room-code',
    type: 'text',
    maxlength: 6,
    autocomplete: 'off',
    autocapitalize: 'characters',
    placeholder: 'ABC123',
  });
  const joinForm = h(
    'form',
    {
      class: 'card',
      onsubmit: ((event: Event) => {
        event.preventDefault();
        if (code.value.trim()) actions.join(code.value.trim().toUpperCase());
      }) as EventListener,
    },
    h('h2', {}, 'Join a room'),
    h('label', { for: 'room-code' }, 'Room code'),
    code,
    h('button', { type: 'submit' }, 'Join'),
  );

  const publicRooms = h('section', { class: 'card', 'aria-label': 'Public rooms' });
  const showLobbies = (list: readonly LobbyListing[]) =>
    publicRooms.replaceChildren(h('h2', {}, 'Rooms waiting for players'), lobbyList(scopes, list));
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
        'Race your friends to name the cities, towns and villages of a country, a continent or the world. Every correct name appears at once on everyone’s map.',
      ),
    ),
    createForm,
    joinForm,
    publicRooms,
  );
  return { element, showLobbies };
}

function lobbyList(scopes: readonly ScopeInfo[], lobbies: readonly LobbyListing[]): HTMLElement {
  if (lobbies.length === 0)
    return h('p', { class: 'muted' }, 'No public room is waiting. Create one!');
  const scopeName = new Map(scopes.map((s) => [s.id, s.name]));
  return h(
    'ul',
    { class: 'lobbies' },
    ...lobbies.map((room) =>
      h(
        'li',
        {},
        h('a', { href: `/r/${room.code}` }, scopeName.get(room.scope) ?? room.scope),
        ` · ${room.mode} · ${room.players}/${room.maxPlayers} players`,
      ),
    ),
  );
}

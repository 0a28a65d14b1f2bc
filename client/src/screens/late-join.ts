/**
 * The join screen of a room whose game is running (feature `late-join`):
 * what the game is, and the choice between joining it for the time left
 * (a seat with no places yet; in coop, a place in the team) and watching
 * it (feature `spectate`: the map and the scoreboard, no guesses).
 */
import { nicknameProblem } from '../../../protocol/nickname.js';
import type { RoomPeek } from '../../../protocol/types.js';
import { h } from '../dom.js';
import { countOf } from '../format.js';
import { nicknameSentence } from '../messages.js';
import { joinLabel } from './audience.js';

export interface LateJoin {
  room: RoomPeek;
  /** Watches the room; absent when the server has no spectators. */
  watch?: (nickname: string, error: (message: string) => void) => Promise<void>;
}

const MODE_NAMES = { race: 'a race', parallel: 'a parallel game', coop: 'a co-op game' } as const;

/** "12:04 left", or nothing for an untimed game. */
function timeLeft(endsAt: number | null): string {
  if (endsAt === null) return '';
  const seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  return `, ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} left`;
}

/** The form's contents: what runs, the nickname, and Join (the form's submit) or Watch. */
export function lateJoinChoice(
  late: LateJoin,
  nickname: HTMLInputElement,
  error: HTMLElement,
): (HTMLElement | null)[] {
  const { room } = late;
  const full = room.players >= room.maxPlayers;
  const joining =
    room.mode === 'coop'
      ? 'Join the team: find places with them for the time left.'
      : 'Join: start with no places and play for the time left.';
  const said = `${MODE_NAMES[room.mode]} is on: ${countOf(room.players, 'player')}${timeLeft(room.endsAt)}.`;
  const watch = late.watch;
  const buttons = h(
    'div',
    { class: 'late-join-choice' },
    h(
      'button',
      { type: 'submit', disabled: full },
      full ? 'The game is full' : joinLabel(room.mode),
    ),
    watch
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            id: 'watch',
            onclick: (() => {
              const problem = nicknameProblem(nickname.value);
              if (problem) {
                error.textContent = nicknameSentence(problem, nickname.value);
                return nickname.focus();
              }
              error.textContent = '';
              void watch(nickname.value, (message) => (error.textContent = message));
            }) as EventListener,
          },
          'Watch',
        )
      : null,
  );
  return [
    h('p', { class: 'late-join-what' }, said[0]!.toUpperCase() + said.slice(1)),
    h('p', { class: 'muted late-join-note' }, joining),
    watch
      ? h(
          'p',
          { class: 'muted late-join-note' },
          'Watch: the map and the scoreboard, live, without guessing.',
        )
      : null,
    h('label', { for: 'join-nickname' }, 'Nickname'),
    nickname,
    error,
    buttons,
  ];
}

/**
 * The join screen of /r/CODE for a browser without a seat in the room: a
 * nickname, checked before it is sent; and the page for a code that cannot
 * be a room's.
 */
import { nicknameProblem } from '../../../protocol/nickname.js';
import { h } from '../dom.js';
import { nicknameSentence } from '../messages.js';
import { rememberedNickname } from '../state/session.js';
import { lateJoinChoice, type LateJoin } from './late-join.js';

export function renderJoin(
  code: string,
  join: (nickname: string, error: (message: string) => void) => Promise<void>,
  /** A game is running (feature `late-join`): join it for the time left, or watch it. */
  late?: LateJoin,
): HTMLElement {
  const nickname = h('input', {
    id: 'join-nickname',
    type: 'text',
    autocomplete: 'nickname',
    spellcheck: 'false',
    value: rememberedNickname(),
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card join-card',
      onsubmit: ((event: Event) => {
        event.preventDefault();
        const problem = nicknameProblem(nickname.value);
        if (problem) {
          error.textContent = nicknameSentence(problem, nickname.value);
          nickname.focus();
          return;
        }
        error.textContent = '';
        void join(nickname.value, (message) => (error.textContent = message));
      }) as EventListener,
    },
    h('h1', {}, `Room ${code}`),
    ...(late
      ? lateJoinChoice(late, nickname, error)
      : [
          h(
            'p',
            { class: 'muted' },
            'You were invited to a race. Pick the name the others will see.',
          ),
          h('label', { for: 'join-nickname' }, 'Nickname'),
          nickname,
          error,
          h('button', { type: 'submit' }, 'Join'),
        ]),
    h('a', { href: '/' }, 'Or start a room of your own'),
  );
  queueMicrotask(() => nickname.focus());
  return form;
}

/** A room path whose code cannot exist: said in a sentence, with the way home. */
export function noSuchRoom(typed: string, problem: string): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h1', {}, `There is no room ${typed.slice(0, 20)}`),
    h('p', {}, problem),
    h('a', { href: '/' }, 'Go to the home page'),
  );
}

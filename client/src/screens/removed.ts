/**
 * What a player the host removed sees (feature `host-tools`): who removed
 * them, from which room, and when they may come back; and the way home.
 */
import { KICK_HOLD_MS } from '../../../protocol/chat.js';
import { isolate, sentenceNodes } from '../bidi.js';
import { h } from '../dom.js';
import '../chat.css';

export function renderRemoved(code: string, by: string): HTMLElement {
  const minutes = Math.round(KICK_HOLD_MS / 60_000);
  return h(
    'section',
    { class: 'card removed', 'aria-labelledby': 'removed-title' },
    h('h1', { id: 'removed-title' }, `Removed from room ${code}`),
    h('p', {}, ...sentenceNodes(`${isolate(by)} removed you from the room.`)),
    h('p', { class: 'muted' }, `You can join it again in ${minutes} minutes.`),
    h('p', {}, h('a', { href: '/', class: 'button' }, 'Back to the start')),
  );
}

/**
 * The daily quiz on the home page: today's quiz (the same for everyone),
 * Play alone (a private daily room that starts at once), Play with friends
 * (a daily room whose lobby shows the link to share), and today's board.
 */
import '../daily.css';
import type { DailyQuizInfo } from '../../../protocol/daily.js';
import { h } from '../dom.js';
import { countOf } from '../format.js';

export type DailyWay = 'alone' | 'friends';

/** @param play starts the daily quiz, alone or with friends, under the home page's nickname. */
export function dailyCard(quiz: DailyQuizInfo, play: (way: DailyWay) => void): HTMLElement {
  const button = (way: DailyWay, label: string, style: string) =>
    h(
      'button',
      { type: 'button', class: style, onclick: (() => play(way)) as EventListener },
      label,
    );
  return h(
    'section',
    { class: 'card daily-card', 'aria-labelledby': 'daily-title' },
    h('p', { class: 'daily-kicker' }, 'Today’s daily quiz'),
    h('h2', { id: 'daily-title' }, `Daily #${quiz.number} · ${quiz.name}`),
    h(
      'p',
      { class: 'muted' },
      `The same quiz for everyone today: ${countOf(quiz.places, 'place')}, 10 minutes. Your first game of the day goes on the board.`,
    ),
    h(
      'div',
      { class: 'daily-actions' },
      button('alone', 'Play alone', 'daily-alone'),
      button('friends', 'Play with friends', 'secondary'),
    ),
    h('a', { href: '/daily', class: 'daily-board-link' }, 'Today’s board →'),
  );
}

/**
 * /daily: a day's board of the daily quiz (today's unless ?date= says
 * another of the kept days): rank, nickname, places and population share,
 * best first; the days before and after it one click away.
 */
import '../daily.css';
import type { DailyBoard, DailyBoardEntry } from '../../../protocol/daily.js';
import { fetchDailyBoard } from '../api.js';
import { NICKNAME } from '../bidi.js';
import { h } from '../dom.js';
import { formatNumber, formatPercent } from '../format.js';

/** "1 December 2026", in the UTC the quiz's days are counted in. */
function dayName(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export async function renderDailyBoard(date?: string): Promise<HTMLElement> {
  const board = await fetchDailyBoard(date).catch(() => undefined);
  if (!board) {
    return h(
      'section',
      { class: 'daily-board' },
      h('h1', {}, 'Daily board'),
      h(
        'p',
        {},
        date
          ? 'That day’s board is not kept: boards are kept 30 days.'
          : 'The daily board cannot be shown right now.',
      ),
      h('a', { href: '/daily' }, 'Today’s board'),
    );
  }
  return h(
    'section',
    { class: 'daily-board', 'aria-labelledby': 'daily-board-title' },
    h('p', { class: 'daily-kicker' }, `Daily board · ${dayName(board.date)}`),
    h('h1', { id: 'daily-board-title' }, `Daily #${board.number} · ${board.name}`),
    dayLinks(board),
    board.entries.length > 0 ? entryTable(board.entries) : emptyBoard(board),
    h(
      'p',
      { class: 'muted' },
      'Each browser’s first finished daily game of the day is its entry; later games that day are practice. The board starts anew at midnight UTC.',
    ),
  );
}

/** The day before and after (among the kept days), and today. */
function dayLinks(board: DailyBoard): HTMLElement {
  const at = board.days.indexOf(board.date);
  const older = at >= 0 ? board.days[at + 1] : undefined;
  const newer = at > 0 ? board.days[at - 1] : undefined;
  const link = (day: string | undefined, label: string, rel: string) =>
    day
      ? h('a', { href: day === board.days[0] ? '/daily' : `/daily?date=${day}`, rel }, label)
      : h('span', { class: 'muted', 'aria-disabled': 'true' }, label);
  return h(
    'nav',
    { class: 'daily-days', 'aria-label': 'Other days' },
    link(older, '← Day before', 'prev'),
    at > 0 ? h('a', { href: '/daily' }, 'Today') : h('a', { href: '/' }, 'Play today’s quiz'),
    link(newer, 'Day after →', 'next'),
  );
}

function entryTable(entries: readonly DailyBoardEntry[]): HTMLElement {
  return h(
    'table',
    { class: 'daily-entries' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Rank'),
        h('th', { scope: 'col' }, 'Player'),
        h('th', { scope: 'col', class: 'number' }, 'Places'),
        h('th', { scope: 'col', class: 'number' }, 'Population named'),
      ),
    ),
    h(
      'tbody',
      {},
      ...entries.map((entry) =>
        h(
          'tr',
          {},
          h('td', {}, `${entry.rank}.`),
          h('td', {}, h('span', { class: NICKNAME }, entry.nickname)),
          h('td', { class: 'number' }, formatNumber(entry.places)),
          h('td', { class: 'number' }, formatPercent(entry.populationShare)),
        ),
      ),
    ),
  );
}

function emptyBoard(board: DailyBoard): HTMLElement {
  const today = board.date === board.days[0];
  return h(
    'p',
    { class: 'daily-empty' },
    today ? 'Nobody is on today’s board yet. ' : 'Nobody played the daily quiz that day.',
    today ? h('a', { href: '/' }, 'Be the first!') : null,
  );
}

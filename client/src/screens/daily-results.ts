/**
 * The daily quiz in a daily game's results: where the player stands on
 * the day's board (or that this game was practice, the browser's entry
 * being an earlier one), and the share text with its Copy button.
 */
import '../daily.css';
import type { GameEnded } from '../../../protocol/types.js';
import { h } from '../dom.js';
import { dailyShareText, ordinal } from '../state/daily-share.js';

/** Undefined for a game that was not the daily quiz, or for someone who did not play it. */
export function dailyResults(
  ended: GameEnded,
  me: string,
  quizName: string,
): HTMLElement | undefined {
  const { results } = ended;
  const player = results.ranking.find((p) => p.playerId === me);
  if (!results.daily || !player) return undefined;
  const total = results.totals.population;
  const text = dailyShareText({
    number: results.daily.number,
    quizName,
    places: player.score,
    populationShare: total > 0 ? player.population / total : 0,
  });
  const shareLine = h('output', { class: 'daily-share-text' }, text);
  const copy = h('button', { type: 'button', class: 'secondary small' }, 'Copy share text');
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(
      () => (copy.textContent = 'Copied'),
      () => selectText(shareLine),
    );
  });
  return h(
    'section',
    { class: 'card daily-results', 'aria-label': 'Daily board' },
    h('p', { class: 'daily-standing' }, standing(ended, me)),
    h('div', { class: 'daily-share' }, shareLine, copy),
    h(
      'a',
      { href: results.daily ? `/daily?date=${results.daily.date}` : '/daily' },
      'See the board →',
    ),
  );
}

/** "You are 3rd of 41 on today's board", or why this game is not on it. */
function standing(ended: GameEnded, me: string): string {
  const mine = ended.daily?.find((s) => s.playerId === me);
  const number = ended.results.daily?.number;
  if (!mine) return `Daily #${number}: the board could not be written this time.`;
  if (mine.rank === null) {
    return `Daily #${number}: only games from this browser with at least one place go on the board.`;
  }
  const place = `${ordinal(mine.rank)} of ${mine.entries}`;
  return mine.entry
    ? `Daily #${number}: you are ${place} on the board.`
    : `Practice: your first game of the day is your entry, ${place} on the board.`;
}

/** When the clipboard is out of reach, the text is selected for the player to copy. */
function selectText(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

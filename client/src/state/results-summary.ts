/**
 * The sentence a finished game opens with: who won and with what, a tie, or
 * what a co-op team named together. DOM-free, so it is unit-tested.
 */
import type { GameResults } from '../../../protocol/types.js';
import { countOf, formatPercent } from '../format.js';

/** "Ana", "Ana and Ben", "Ana, Ben and Cem". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A share of the quiz's population, for a sentence: "10.3 % of the population". */
function shareOf(population: number, results: GameResults): string {
  const total = results.totals.population;
  return `${formatPercent(total > 0 ? population / total : 0)} of the population`;
}

/**
 * @param audience 'players' for the room that played it ("Together you named"),
 *   'visitors' for the saved result's page ("Together they named").
 */
export function resultHeadline(results: GameResults, audience: 'players' | 'visitors'): string {
  const { ranking } = results;
  const named = ranking.reduce((sum, p) => sum + p.score, 0);
  if (named === 0) return 'No place was named this time.';
  if (results.settings.mode === 'coop') {
    const who = audience === 'players' ? 'you' : 'they';
    const places = new Set(ranking.flatMap((p) => p.finds.map((f) => f.place.id))).size;
    return `Together ${who} named ${countOf(places, 'place')} · ${formatPercent(results.populationShare)} of the population`;
  }
  const winners = ranking.filter((p) => p.rank === 1);
  const best = winners[0]!;
  if (ranking.length === 1) {
    return `${best.nickname} named ${countOf(best.score, 'place')} · ${shareOf(best.population, results)}`;
  }
  if (winners.length > 1) {
    return `${listNames(winners.map((p) => p.nickname))} tie with ${countOf(best.score, 'place')} each`;
  }
  return `${best.nickname} wins with ${countOf(best.score, 'place')} · ${shareOf(best.population, results)}`;
}

/**
 * A finished game: who won, the ranking with each player's places, the map
 * of every find and of the largest places nobody named, and a link to the
 * saved result (or, when the server could not save it, a sentence saying
 * so). The room's players see it when the game ends; anyone sees it at /g/ID.
 */
import type { GameEnded, GameResults, PlayerResult, Reaction } from '../../../protocol/types.js';
import { isolate, NICKNAME, sentenceNodes } from '../bidi.js';
import { h } from '../dom.js';
import { countOf, formatNumber, formatPercent } from '../format.js';
import { StaticPlaceMap } from '../map/static-place-map.js';
import type { PlaceNamer } from '../place-names.js';
import { resultHeadline } from '../state/results-summary.js';
import { PeopleBoard, reactionBar, type WatcherMenu } from './audience.js';

export interface ResultsOptions {
  namer: PlaceNamer;
  /** The quiz's name ("Germany"). */
  quizName: string;
  /** 'players' in the room that played it; 'visitors' on the saved result's page. */
  audience: 'players' | 'visitors';
  /** What comes next, below the results: Play again, Join the next game, Play this quiz… */
  next?: HTMLElement | null;
  /** A daily game's standing on the day's board and share text (daily-results.ts), under the headline. */
  daily?: HTMLElement;
  /** "What people name": a player's find and how many games name it, linking to /stats (naming-line.ts). */
  naming?: HTMLElement;
  /** The room's chat, below the share line (players and spectators alike). */
  chat?: HTMLElement;
  /**
   * In the room that played it: who watches, under the ranking (with the
   * host's menu on each name), and the reactions, floating over the ranking's
   * rows as over the game's scoreboard.
   */
  room?: {
    /** Sends a reaction (feature `reactions`); absent: no reaction buttons. */
    react?(emoji: Reaction): Promise<string | undefined>;
    watcherMenu?: WatcherMenu;
  };
}

/** The results on screen: `next` is the control to focus, `dispose` lets the map's WebGL go. */
export interface RenderedResults {
  element: HTMLElement;
  next: HTMLElement;
  dispose(): void;
  /** With `room`: the ranking and the watchers, that reactions float over. */
  people?: Pick<PeopleBoard, 'update' | 'react'>;
}

export function renderResults(ended: GameEnded, options: ResultsOptions): RenderedResults {
  const { results } = ended;
  // A result the server could not save has no page to link to.
  const saved = ended.saved !== false;
  const copy = saved ? copyButton(results.gameId) : null;
  // Visitors are on the result's own page already: they get the button, not a link to here.
  const shareLink =
    saved && options.audience === 'players'
      ? h('a', { href: `/g/${results.gameId}`, class: 'share-link' }, 'Share this result')
      : null;
  const headline = h(
    'h1',
    { id: 'results-title', class: 'headline', tabindex: saved ? undefined : -1 },
    ...sentenceNodes(resultHeadline(withIsolatedNames(results), options.audience)),
  );
  const map = h('div', {
    class: 'map results-map',
    role: 'img',
    'aria-label': `Map of the ${countOf(countFinds(results), 'find')} in their finders' colours, and of the largest places nobody named as plain dots; both are listed below.`,
  });
  const drawnMap = resultsMap(map, ended, options.namer);
  const ranking = rankingList(results, options.namer);
  const people = options.room && new PeopleBoard(ranking, options.room.watcherMenu);
  const react = options.room?.react;
  const element = h(
    'section',
    { class: 'results', 'aria-labelledby': 'results-title' },
    h('p', { class: 'results-quiz muted' }, quizLine(results, options.quizName)),
    headline,
    options.daily ?? null,
    options.next ?? null,
    h(
      'p',
      { class: 'share' },
      `${formatPercent(results.populationShare)} of the population named · `,
      ...(saved ? [shareLink, ' ', copy] : ['The results could not be saved.']),
    ),
    options.naming ?? null,
    options.chat ?? null,
    h('h2', {}, 'Ranking'),
    react ? reactionBar(react) : null,
    people?.element ?? ranking,
    map,
    missedList(ended, options.namer),
  );
  const next =
    options.next?.querySelector<HTMLElement>('button, a') ?? shareLink ?? copy ?? headline;
  return { element, next, dispose: () => drawnMap.destroy(), people };
}

/** The results with each nickname marked for isolation, for the headline's sentence. */
function withIsolatedNames(results: GameResults): GameResults {
  return {
    ...results,
    ranking: results.ranking.map((p) => ({ ...p, nickname: isolate(p.nickname) })),
  };
}

/** "Germany · race · 30 November 2026". */
function quizLine(results: GameResults, quizName: string): string {
  const date = new Date(results.endedAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  return `${quizName} · ${results.settings.mode} · ${date}`;
}

function countFinds(results: GameResults): number {
  return results.ranking.reduce((sum, p) => sum + p.finds.length, 0);
}

function copyButton(gameId: string): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'secondary small' },
    "Copy the result's link",
  );
  button.addEventListener('click', () => {
    const link = `${location.origin}/g/${gameId}`;
    void navigator.clipboard?.writeText(link).then(() => (button.textContent = 'Copied'));
  });
  return button;
}

function rankingList(results: GameResults, namer: PlaceNamer): HTMLElement {
  const total = results.totals.population;
  return h(
    'ol',
    { class: 'ranking', 'aria-label': 'Ranking' },
    ...results.ranking.map((p) =>
      h(
        'li',
        { 'data-player': p.playerId },
        h('span', { class: 'rank' }, `${p.rank}.`),
        h('span', { class: 'swatch', style: `background:${p.color}` }),
        h('strong', { class: NICKNAME }, p.nickname),
        ` · ${countOf(p.score, 'place')} · ${formatPercent(total > 0 ? p.population / total : 0)} of the population · ${countOf(p.capitals, 'capital')}`,
        placesOf(p, namer),
      ),
    ),
  );
}

/** A player's places, largest first, folded away: a long game names hundreds. */
function placesOf(player: PlayerResult, namer: PlaceNamer): HTMLElement {
  const places = [...player.finds].sort((a, b) => b.place.population - a.place.population);
  return h(
    'details',
    {},
    // The name opens the line, and letters follow it: no text for its direction to carry along.
    h('summary', {}, `${player.nickname}'s places`),
    places.length > 0
      ? h('ol', { class: 'places' }, ...places.map((f) => h('li', {}, namer.label(f.place))))
      : h('p', { class: 'muted' }, 'None this time.'),
  );
}

function missedList(ended: GameEnded, namer: PlaceNamer): HTMLElement | null {
  if (ended.missed.length === 0) return null;
  return h(
    'section',
    { class: 'missed-section' },
    h('h2', {}, 'The largest places nobody named'),
    h('p', { class: 'muted' }, "The plain dots on the map, without a player's colour."),
    h(
      'ol',
      { class: 'missed' },
      ...ended.missed.map((p) =>
        h('li', {}, `${namer.label(p)} · ${formatNumber(p.population)} people`),
      ),
    ),
  );
}

/**
 * Every find in its finder's colour, and the largest places nobody named as
 * plain dots.
 */
function resultsMap(element: HTMLElement, ended: GameEnded, namer: PlaceNamer): StaticPlaceMap {
  return new StaticPlaceMap(
    element,
    ended.results.settings.scope,
    (map) => {
      map.describe = (place) => namer.label(place);
      // The missed first, so that no find hides under one.
      for (const place of ended.missed)
        map.add({ place, color: map.missedColor, by: 'nobody named it' }, false);
      for (const player of ended.results.ranking) {
        for (const find of player.finds) {
          map.add({ place: find.place, color: player.color, by: player.nickname }, false);
        }
      }
      element.dataset.markers = String(countFinds(ended.results) + ended.missed.length);
    },
    'results map',
  );
}

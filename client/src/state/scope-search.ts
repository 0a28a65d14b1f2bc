/**
 * What the quiz chooser suggests for what a player typed: the scopes by their
 * English names at once, and by every other name ("Deutschland", "Holland",
 * "USA", "日本") once GET /api/scope-names has arrived; a country named
 * whole brings its biggest regions along, listed under it. Free of the DOM.
 */
import { foldScopeName, type ScopeNames } from '../../../protocol/scope-names.js';

/** What matching needs of a scope (api.ts's ScopeInfo has it). */
export interface SearchableScope {
  id: string;
  name: string;
  kind: 'world' | 'continent' | 'country' | 'region';
  places: number;
  /** Their population: a country's regions are listed most populous first. */
  population?: number;
  /** A region's country code; absent for other kinds. */
  country?: string;
}

export const MAX_SUGGESTIONS = 8;

/**
 * How many of a country's regions follow it, most populous first (the ones
 * people think of: California, Texas, Florida), when it is what
 * the player named: enough to see what there is (a state, a Land), few
 * enough to keep the list short; any other region is a few letters away.
 */
export const MAX_REGIONS_UNDER = 10;

export interface Suggestion<S extends SearchableScope = SearchableScope> {
  scope: S;
  /** The other name it was found by ("Deutschland"), or undefined when by its English name. */
  via?: string;
  /** A region listed under its country, which comes just before it. */
  underCountry?: boolean;
}

/**
 * How well a name matches, best first. A later word of the English name
 * ("korea" in South Korea) comes before the start of another name: official
 * long forms ("Koninkrijk België") would otherwise crowd it out of the list.
 */
const EXACT_ENGLISH = 0;
const EXACT_OTHER = 1;
const PREFIX_ENGLISH = 2;
const WORD_PREFIX_ENGLISH = 3;
const PREFIX_OTHER = 4;
const WORD_PREFIX_OTHER = 5;
type Rank = number;

interface Name {
  /** As shown; undefined for the English name. */
  other?: string;
  /** Folded and without spaces: "cote d ivoire" is "cotedivoire", so "cote divoire" finds it. */
  compact: string;
  /** `compact` from the start of each later word: "Bosnia and Herzegovina" → "andherzegovina", "herzegovina". */
  laterWords: string[];
}

interface Entry<S> {
  scope: S;
  names: Name[];
}

function nameOf(text: string, other: boolean): Name | undefined {
  const words = foldScopeName(text).split(' ');
  const compact = words.join('');
  if (compact === '') return undefined;
  const laterWords = words.slice(1).map((_, i) => words.slice(i + 1).join(''));
  return { other: other ? text : undefined, compact, laterWords };
}

function rankOf(name: Name, query: string): Rank | undefined {
  const other = name.other !== undefined;
  if (name.compact === query) return other ? EXACT_OTHER : EXACT_ENGLISH;
  if (name.compact.startsWith(query)) return other ? PREFIX_OTHER : PREFIX_ENGLISH;
  if (name.laterWords.some((rest) => rest.startsWith(query)))
    return other ? WORD_PREFIX_OTHER : WORD_PREFIX_ENGLISH;
  return undefined;
}

/** Bigger quizzes first, then by name. */
function byPlaces(a: SearchableScope, b: SearchableScope): number {
  return b.places - a.places || a.name.localeCompare(b.name, 'en');
}

export class ScopeSearch<S extends SearchableScope = SearchableScope> {
  private readonly entries: Entry<S>[];
  private readonly byId: Map<string, Entry<S>>;
  /** Each country's regions, most populous first. */
  private readonly regionsOf = new Map<string, S[]>();

  constructor(scopes: readonly S[], otherNames?: ScopeNames) {
    this.entries = scopes.map((scope) => ({
      scope,
      names: [nameOf(scope.name, false)].filter((name) => name !== undefined),
    }));
    this.byId = new Map(this.entries.map((entry) => [entry.scope.id, entry]));
    for (const { scope } of this.entries) {
      if (scope.kind !== 'region' || scope.country === undefined) continue;
      const regions = this.regionsOf.get(scope.country) ?? [];
      regions.push(scope);
      this.regionsOf.set(scope.country, regions);
    }
    for (const regions of this.regionsOf.values()) {
      regions.sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || byPlaces(a, b));
    }
    if (otherNames) this.addNames(otherNames);
  }

  /** Adds the other names of GET /api/scope-names; ids of no known scope are skipped. */
  addNames(otherNames: ScopeNames): void {
    for (const [id, names] of Object.entries(otherNames)) {
      const entry = this.byId.get(id);
      if (!entry || !Array.isArray(names)) continue;
      for (const text of names) {
        const name = typeof text === 'string' ? nameOf(text, true) : undefined;
        if (name) entry.names.push(name);
      }
    }
  }

  scope(id: string): S | undefined {
    return this.byId.get(id)?.scope;
  }

  /**
   * The best matches for `query`: exact names, then the start of the
   * English name, of a later word of it ("coast", "states"), of another
   * name, of a later word of another name; within each, bigger quizzes
   * first. A country named whole, or the only country or continent that
   * matches, is followed by its biggest regions (`underCountry`), the other
   * matches after them. An empty query lists the world and the continents.
   */
  suggest(query: string, limit = MAX_SUGGESTIONS): Suggestion<S>[] {
    const folded = foldScopeName(query).replaceAll(' ', '');
    if (folded === '') {
      return this.entries
        .filter((entry) => entry.scope.kind === 'world' || entry.scope.kind === 'continent')
        .map((entry) => ({ scope: entry.scope }))
        .sort((a, b) => byPlaces(a.scope, b.scope))
        .slice(0, limit);
    }
    const found: { suggestion: Suggestion<S>; rank: Rank }[] = [];
    for (const entry of this.entries) {
      let best: { rank: Rank; name: Name } | undefined;
      for (const name of entry.names) {
        const rank = rankOf(name, folded);
        if (rank === undefined) continue;
        if (!best || isBetter(rank, name, best)) best = { rank, name };
      }
      if (best) found.push({ rank: best.rank, suggestion: suggestionOf(entry, best.name) });
    }
    // As well matched, a country before a region of its name (Georgia), as `exact` picks it.
    const regionLast = (scope: S) => (scope.kind === 'region' ? 1 : 0);
    found.sort(
      (a, b) =>
        a.rank - b.rank ||
        regionLast(a.suggestion.scope) - regionLast(b.suggestion.scope) ||
        byPlaces(a.suggestion.scope, b.suggestion.scope),
    );
    const top = found[0];
    const wider = found.filter(({ suggestion }) => suggestion.scope.kind !== 'region');
    const expand =
      top?.suggestion.scope.kind === 'country' &&
      (top.rank === EXACT_ENGLISH || top.rank === EXACT_OTHER || wider.length === 1);
    if (!expand) return found.slice(0, limit).map(({ suggestion }) => suggestion);
    const regions = (this.regionsOf.get(top.suggestion.scope.id) ?? []).slice(0, MAX_REGIONS_UNDER);
    const listed = new Set(regions.map((region) => region.id));
    const rest = found.slice(1).filter(({ suggestion }) => !listed.has(suggestion.scope.id));
    return [
      top.suggestion,
      ...regions.map((scope) => ({ scope, underCountry: true })),
      ...rest.slice(0, limit - 1).map(({ suggestion }) => suggestion),
    ];
  }

  /** A region's country, as a scope; undefined for other kinds. */
  countryOf(scope: S): S | undefined {
    return scope.country === undefined ? undefined : this.scope(scope.country);
  }

  /**
   * The scope a text names exactly, for a player who typed a name whole
   * without picking it: an English name first, else another name that only
   * one scope has ("Congo" is two countries' name: none).
   */
  exact(text: string): S | undefined {
    const folded = foldScopeName(text).replaceAll(' ', '');
    if (folded === '') return undefined;
    const english = this.entries.find((entry) =>
      entry.names.some((name) => name.other === undefined && name.compact === folded),
    );
    if (english) return english.scope;
    const others = this.entries.filter((entry) =>
      entry.names.some((name) => name.compact === folded),
    );
    return others.length === 1 ? others[0]!.scope : undefined;
  }
}

/**
 * Of two names as good, the English one (nothing to add next to it), else
 * the shorter one: it reads better next to the English name.
 */
function isBetter(rank: Rank, name: Name, best: { rank: Rank; name: Name }): boolean {
  if (rank !== best.rank) return rank < best.rank;
  if ((name.other === undefined) !== (best.name.other === undefined))
    return name.other === undefined;
  return name.compact.length < best.name.compact.length;
}

function suggestionOf<S extends SearchableScope>(entry: Entry<S>, name: Name): Suggestion<S> {
  return name.other === undefined
    ? { scope: entry.scope }
    : { scope: entry.scope, via: name.other };
}

/**
 * The quiz chooser: a combobox (WAI-ARIA 1.2, list autocomplete with
 * automatic selection) that finds a country by any of its names, a region
 * (listed under its country), a continent or World. Matching lives in state/scope-search.ts; this is the
 * field, its list and their keys.
 */
import '../chooser.css';
import type { ScopeNames } from '../../../protocol/scope-names.js';
import type { ScopeInfo } from '../api.js';
import { h } from '../dom.js';
import { countOf } from '../format.js';
import { ScopeSearch, type Suggestion } from '../state/scope-search.js';

let scopeNames: Promise<ScopeNames | undefined> | undefined;

/**
 * The countries' other names (GET /api/scope-names), fetched once per page
 * on first use; undefined when they could not be fetched (the next use tries
 * again). English names need none of this.
 */
function loadScopeNames(): Promise<ScopeNames | undefined> {
  scopeNames ??= fetch('/api/scope-names', { headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`/api/scope-names: HTTP ${response.status}`);
      return (await response.json()) as ScopeNames;
    })
    .catch(() => {
      scopeNames = undefined;
      return undefined;
    });
  return scopeNames;
}

/**
 * One suggestion: its name, the other name it was found by, and for a region
 * its country, unless it is listed (indented) right under it.
 */
function optionElement(
  id: string,
  suggestion: Suggestion<ScopeInfo>,
  index: number,
  country: string | undefined,
): HTMLLIElement {
  const { scope, via, underCountry } = suggestion;
  return h(
    'li',
    {
      id: `${id}-option-${index}`,
      role: 'option',
      'aria-selected': 'false',
      class: underCountry ? 'chooser-option chooser-region' : 'chooser-option',
      'data-index': index,
    },
    h(
      'span',
      { class: 'chooser-name' },
      scope.name,
      // <bdi>: a name in Arabic or Hebrew script keeps its own direction.
      via !== undefined && h('span', { class: 'chooser-via' }, ' · ', h('bdi', {}, via)),
      !underCountry &&
        country !== undefined &&
        h('span', { class: 'chooser-via chooser-country' }, ' · ', country),
    ),
    // Unseen between flex items, heard between the name and the count.
    ' ',
    h('span', { class: 'chooser-count' }, countOf(scope.places, 'place')),
  );
}

/**
 * The quiz chooser: type a country in any language ("Deutschland", "USA",
 * "日本"), a region ("Bavaria", "California"), a continent or "World"; the
 * list shows the best matches with their place counts, and under a country
 * named whole its biggest regions. Choosing one fires `change` on `input`.
 *
 * @param selected the scope id shown at first
 * @param id the input's id, for its label; the list's ids derive from it
 */
export function scopeChooser(scopes: readonly ScopeInfo[], selected: string, id: string) {
  const search = new ScopeSearch<ScopeInfo>(scopes);
  const listId = `${id}-options`;
  const input = h('input', {
    id,
    type: 'text',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    required: true,
    value: search.scope(selected)?.name ?? '',
    placeholder: 'Germany, California, Europe…',
  });
  const listbox = h('ul', {
    id: listId,
    role: 'listbox',
    'aria-label': 'Suggestions',
    class: 'chooser-options',
    hidden: true,
  });
  const none = h('p', { class: 'chooser-none', role: 'status' });
  none.hidden = true;
  const wrapper = h('div', { class: 'chooser' }, input, listbox, none);

  let suggestions: Suggestion<ScopeInfo>[] = [];
  let active = -1;
  /**
   * The scope last picked (or given), while the field still shows its name:
   * a region may share its name with a country (Georgia), which the name
   * alone would give.
   */
  let picked: string | undefined = selected;
  let names: 'none' | 'loading' | 'added' | 'failed' = 'none';

  /**
   * Fetches the other names on first use; an open list (or its "none") is
   * redrawn with them. After a failure, the next focus tries again.
   */
  const wantNames = (retry = false) => {
    if (names === 'loading' || names === 'added' || (names === 'failed' && !retry)) return;
    names = 'loading';
    void loadScopeNames().then((loaded) => {
      if (!loaded) return void (names = 'failed');
      search.addNames(loaded);
      names = 'added';
      // What was typed meanwhile may name a country only in another language.
      if (!listbox.hidden || !none.hidden) open(suggestions[active]?.scope.id);
    });
  };

  const options = () => [...listbox.children] as HTMLElement[];

  function setActive(index: number) {
    active = index;
    options().forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    const option = options()[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  /** Shows the suggestions for what is typed, the first one (or `keep`) active. */
  function open(keep?: string) {
    suggestions = search.suggest(input.value);
    listbox.replaceChildren(
      ...suggestions.map((s, i) => optionElement(id, s, i, search.countryOf(s.scope)?.name)),
    );
    const empty = suggestions.length === 0;
    listbox.hidden = empty;
    input.setAttribute('aria-expanded', String(!empty));
    none.hidden = !empty;
    none.textContent = empty
      ? `No country, region, continent or World is called “${input.value.trim()}”.`
      : '';
    const kept = suggestions.findIndex((s) => s.scope.id === keep);
    setActive(empty ? -1 : Math.max(kept, 0));
  }

  function close() {
    listbox.hidden = true;
    none.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function accept(index: number) {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    input.value = suggestion.scope.name;
    picked = suggestion.scope.id;
    close();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  input.addEventListener('focus', () => wantNames(true));
  input.addEventListener('input', () => {
    picked = undefined;
    wantNames();
    open();
  });
  input.addEventListener('click', () => {
    if (listbox.hidden) open();
  });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    wantNames();
    const isOpen = !listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!isOpen) open();
        else if (!event.altKey) setActive((active + 1) % suggestions.length);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (event.altKey) return close();
        if (!isOpen) open();
        if (suggestions.length > 0)
          setActive(((isOpen ? active : 0) - 1 + suggestions.length) % suggestions.length);
        return;
      case 'Enter':
        // The first Enter takes the highlighted quiz; the next one submits the form.
        if (isOpen && active >= 0) {
          event.preventDefault();
          accept(active);
        }
        return;
      case 'Escape':
        if (isOpen || !none.hidden) {
          event.preventDefault();
          close();
        } else if (input.value !== '') {
          event.preventDefault();
          input.value = '';
        }
        return;
      case 'Tab':
        if (isOpen && active >= 0) accept(active);
        return;
    }
  });
  // A press on an option keeps the focus in the field (mouse and touch alike); the click picks it.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
    if (option) accept(Number(option.dataset.index));
  });

  // "What people name" in the chosen quiz (/stats/SCOPE); hidden while the field names none.
  const statsLink = h('a', { class: 'chooser-stats' });
  const showStatsLink = () => {
    const scope = search.scope(chooser.value() ?? '');
    statsLink.hidden = !scope;
    if (!scope) return;
    statsLink.href = `/stats/${encodeURIComponent(scope.id)}`;
    statsLink.textContent = `What people name in ${scope.name}`;
  };

  const chooser = {
    elements: [wrapper, statsLink] as HTMLElement[],
    input,
    /** The scope id for what is chosen or typed whole, or undefined while it names none. */
    value: (): string | undefined => {
      const chosen = picked === undefined ? undefined : search.scope(picked);
      return chosen?.name === input.value ? chosen.id : search.exact(input.value)?.id;
    },
  };
  showStatsLink();
  input.addEventListener('input', showStatsLink);
  input.addEventListener('change', showStatsLink);
  return chooser;
}

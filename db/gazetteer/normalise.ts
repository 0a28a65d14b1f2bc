/**
 * The one normalisation of place names, used by the import (to store every
 * accepted name under its key) and by guess resolution (to look a guess up).
 * Because both sides go through this function, every equivalence it builds in
 * holds in both directions: "St. Gallen", "Sankt Gallen" and "saint gallen"
 * share one key.
 *
 * The rules are DESIGN.md's: Unicode NFKD, combining marks stripped, case
 * folded, a few letters that do not decompose spelled out, punctuation,
 * hyphens and apostrophes turned into spaces, spaces collapsed, and the
 * abbreviations St/Ste/Saint/Sainte/Sankt, Ft/Fort and Mt/Mount made one word.
 */

import { foldName } from '../../protocol/fold-name.js';

/** Bump when the output of `normaliseName` (or of `foldName`) changes: stored keys must be rebuilt. */
export const NORMALISATION_VERSION = 1;

/**
 * Whole words that mean the same, each mapped to the form we store. A Map, not
 * an object literal: a guess like "constructor" must not find a prototype key.
 */
const WORD_EQUIVALENTS = new Map([
  ['st', 'saint'],
  ['ste', 'saint'],
  ['sainte', 'saint'],
  ['sankt', 'saint'],
  ['ft', 'fort'],
  ['mt', 'mount'],
]);

/** Whether folded words hold one of WORD_EQUIVALENTS' words: most names do not, and skip the split. */
const HAS_EQUIVALENT = new RegExp(`(?:^| )(?:${[...WORD_EQUIVALENTS.keys()].join('|')})(?= |$)`);

export function normaliseName(text: string): string {
  const words = foldName(text);
  if (!HAS_EQUIVALENT.test(words)) return words;
  return words
    .split(' ')
    .map((word) => WORD_EQUIVALENTS.get(word) ?? word)
    .join(' ');
}

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

/** Bump when the output of `normaliseName` changes: stored keys must be rebuilt. */
export const NORMALISATION_VERSION = 1;

/** Letters that NFKD leaves whole; DESIGN.md's list, plus ı and ð, its natural peers. */
const LETTER_SPELLINGS = new Map([
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['ł', 'l'],
  ['đ', 'd'],
  ['þ', 'th'],
  ['ð', 'd'],
  ['ı', 'i'],
]);
const SPELLED_LETTERS = new RegExp(`[${[...LETTER_SPELLINGS.keys()].join('')}]`, 'gu');

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

const COMBINING_MARKS = /\p{M}+/gu;
/** Anything that is not a letter or a digit separates words. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Plain ASCII is its own NFKD form, has no marks and none of the spelled letters. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

export function normaliseName(text: string): string {
  const folded = ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize('NFKD')
        .replace(COMBINING_MARKS, '')
        .toLowerCase()
        .replace(SPELLED_LETTERS, (letter) => LETTER_SPELLINGS.get(letter) ?? letter);
  const words = folded.replace(SEPARATORS, ' ').trim();
  if (words === '') return '';
  return words
    .split(' ')
    .map((word) => WORD_EQUIVALENTS.get(word) ?? word)
    .join(' ');
}

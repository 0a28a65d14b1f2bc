/**
 * How a name is folded for matching, the same in the server and the
 * browser: Unicode NFKD, combining marks stripped, lower case, the letters
 * NFKD leaves whole spelled out (ß → ss, æ → ae, …), anything that is not a
 * letter or a digit a single space, none at either end. "Côte d'Ivoire",
 * "COTE D’IVOIRE" and "cote d ivoire" fold alike. Free of zod, so the first
 * page can load it.
 */

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
const COMBINING_MARKS = /\p{M}+/gu;
/** Anything that is not a letter or a digit separates words. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
/** SEPARATORS within lower-case ASCII. */
const ASCII_SEPARATORS = /[^a-z0-9]+/g;

/** Plain ASCII is its own NFKD form, has no marks and none of the spelled letters. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\x00-\x7f]*$/;

export function foldName(text: string): string {
  // Most names and guesses: ASCII, where the letters and digits are a-z and 0-9 once lower-cased.
  if (ASCII.test(text)) return text.toLowerCase().replace(ASCII_SEPARATORS, ' ').trim();
  const folded = text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(SPELLED_LETTERS, (letter) => LETTER_SPELLINGS.get(letter) ?? letter);
  return folded.replace(SEPARATORS, ' ').trim();
}

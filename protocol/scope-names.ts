/**
 * The quizzes' other names, as GET /api/scope-names serves them, and the one
 * way the server and the browser fold a name for matching: "Côte d'Ivoire",
 * "COTE D’IVOIRE" and "cote d ivoire" are one. Free of zod, so the first page
 * can load it.
 */

/**
 * For each country scope (`DE`), its names other than the English one, in
 * every language the server knows, one spelling per folded form:
 * `{ "DE": ["Deutschland", "Allemagne", …] }`.
 */
export type ScopeNames = Record<string, string[]>;

/** Letters NFKD leaves whole, spelled as a player without them types them. */
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

/**
 * A name as matching sees it: Unicode NFKD, combining marks stripped, lower
 * case, punctuation and spaces made single spaces, none at either end.
 */
export function foldScopeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(SPELLED_LETTERS, (letter) => LETTER_SPELLINGS.get(letter) ?? letter)
    .replace(SEPARATORS, ' ')
    .trim();
}

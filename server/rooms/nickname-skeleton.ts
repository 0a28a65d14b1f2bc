/**
 * When two nicknames pass for each other: Unicode's confusable skeletons
 * (UTS #39, section 4) are equal. "hоst" with a Cyrillic о, "ｈｏｓｔ" and
 * "host" share one; so do "rn" and "m", "0" and "O", "l" and "I". The
 * mapping is confusables.txt as the `unhomoglyph` package ships it (about
 * 100 KB), which is why this lives on the server and not in
 * protocol/nickname.ts, which the first page loads.
 */
import unhomoglyph from 'unhomoglyph';

/**
 * UTS #39's skeleton: decomposed, each character replaced by its prototype
 * in confusables.txt, decomposed again. Compatibility forms (fullwidth and
 * mathematical letters, ligatures) are decomposed too (NFKD rather than
 * NFD), as they pass for their plain letters just as well. Invisible
 * characters are gone already: nicknames arrive clean. Not for display.
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFKD')).normalize('NFD');
}

/**
 * What makes two nicknames the same name in a room: equal skeletons as
 * written, or in lower case ("HOST" and "host"; "H0ST" and "HOST").
 */
export function nicknameKeys(nickname: string): [string, string] {
  return [skeleton(nickname), skeleton(nickname.toLowerCase())];
}

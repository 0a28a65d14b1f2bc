/**
 * Text that players type (nicknames, guesses) as the server takes it: no
 * character that draws nothing yet changes what is around it. Controls
 * (NUL, which PostgreSQL refuses to store), format characters (bidi
 * overrides and isolates, zero-width spaces and joiners, soft hyphens),
 * lone surrogates and the characters Unicode says to ignore when drawing
 * (Hangul fillers, variation selectors) are dropped; every kind of space,
 * line break and tab is a plain space. Free of zod, like nickname.ts, so the
 * first page can load it.
 */

/** Every White_Space character, and U+2800 BRAILLE PATTERN BLANK, which draws as one. */
const SPACES = /[\p{White_Space}\u2800]/gu;

/**
 * Cc (controls), Cf (format: bidi controls, U+200B–U+200D, U+00AD, U+2060,
 * U+FEFF, tags), Cs (lone surrogates) and Default_Ignorable_Code_Point
 * (U+3164 and the other Hangul fillers, U+034F, variation selectors).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

/** U+0020–U+007E: nothing to drop and nothing to make a plain space. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const ZWJ = '\u200d';
const EMOJI_PRESENTATION = '\ufe0f';
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
/** Skin tones, which sit between an emoji and its joiner or presentation selector. */
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;

/** Whether `kept` (what is kept so far) ends with an emoji, after its skin tone or selector. */
function endsWithEmoji(kept: string[]): boolean {
  for (let i = kept.length - 1; i >= 0; i--) {
    const char = kept[i]!;
    if (char === EMOJI_PRESENTATION || EMOJI_MODIFIER.test(char)) continue;
    return PICTOGRAPHIC.test(char);
  }
  return false;
}

/**
 * `text` with its invisible characters dropped and its spaces plain (not yet
 * collapsed). With `keepEmoji`, the two invisible characters emoji are made
 * of survive where they join: U+FE0F right after an emoji, and the zero
 * width joiner between two (👩‍💻, 🏳️‍🌈); flags of regions (tag sequences)
 * become their black flag.
 */
export function stripInvisible(text: string, keepEmoji = false): string {
  // Most guesses: printable ASCII holds no invisible character and no space but ' '.
  if (PRINTABLE_ASCII.test(text)) return text;
  const chars = [...text.replace(SPACES, ' ')];
  const kept: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (!INVISIBLE.test(char)) kept.push(char);
    else if (keepEmoji && char === EMOJI_PRESENTATION && PICTOGRAPHIC.test(kept.at(-1) ?? ''))
      kept.push(char);
    else if (
      keepEmoji &&
      char === ZWJ &&
      endsWithEmoji(kept) &&
      PICTOGRAPHIC.test(chars[i + 1] ?? '')
    )
      kept.push(char);
  }
  return kept.join('');
}

/** A guess as it is looked up: invisible characters dropped, spaces plain. */
export function cleanGuess(text: string): string {
  return stripInvisible(text);
}

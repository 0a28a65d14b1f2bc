/**
 * The nickname rule, in one place: the server's schema enforces it and the
 * browser checks it before sending, so a player reads a sentence instead of
 * a refusal. Free of zod, like version.ts, so the first page can load it.
 *
 * A nickname is shown to everyone in the room and saved with the game, so
 * it may neither break the page nor pass for someone else: the invisible
 * characters go (player-text.ts), it is NFC, each character carries at most
 * two combining marks, and it shows at least one letter, digit, punctuation
 * mark or symbol. Look-alikes of a name already in the room are told apart
 * there (server/rooms/nickname-skeleton.ts), as that takes Unicode's
 * confusables table, too big for the first page.
 */
import { stripInvisible } from './player-text.js';

export const NICKNAME_MAX_LENGTH = 24;
/** Combining marks kept on one character: enough for Vietnamese or Thai, not for a tower over the row above. */
export const MAX_MARKS_PER_CHARACTER = 2;

const MARK = /\p{M}/u;
/** What a mark may sit on: something that draws (not a space, not the start). */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** At most MAX_MARKS_PER_CHARACTER marks after each visible character; none anywhere else. */
function capMarks(text: string): string {
  let marks = 0;
  let base = false;
  let capped = '';
  for (const char of text) {
    if (MARK.test(char)) {
      if (base && marks < MAX_MARKS_PER_CHARACTER) {
        capped += char;
        marks++;
      }
      continue;
    }
    base = VISIBLE.test(char);
    marks = 0;
    capped += char;
  }
  return capped;
}

/**
 * The nickname as it is shown and saved: invisible characters dropped
 * (emoji keep their joiners), NFC, combining marks capped, spaces at either
 * end dropped and runs of spaces made one: "  Ana   B " is "Ana B".
 * Cleaning a clean nickname changes nothing.
 */
export function cleanNickname(raw: string): string {
  return cleanShownText(raw);
}

/**
 * Text players show one another (a nickname, a chat message, protocol/chat.ts),
 * cleaned: invisible characters dropped (emoji keep their joiners), NFC,
 * combining marks capped, spaces trimmed and runs of them made one.
 */
export function cleanShownText(raw: string): string {
  const text = capMarks(stripInvisible(raw, true).normalize('NFC'));
  return text.replace(/ {2,}/g, ' ').trim();
}

export type NicknameProblem = 'empty' | 'invisible' | 'too_long';

/** What is wrong with a nickname as typed, or undefined when the server will take it. */
export function nicknameProblem(raw: string): NicknameProblem | undefined {
  const nickname = cleanNickname(raw);
  if (!VISIBLE.test(nickname)) return /^\p{White_Space}*$/u.test(raw) ? 'empty' : 'invisible';
  if ([...nickname].length > NICKNAME_MAX_LENGTH) return 'too_long';
  return undefined;
}

/** Why the server refuses a nickname, in its `bad_request` message. */
export const NICKNAME_RULES: Record<NicknameProblem, string> = {
  empty: `a nickname has 1–${NICKNAME_MAX_LENGTH} characters`,
  invisible: 'a nickname needs a letter, digit or symbol that shows',
  too_long: `a nickname has 1–${NICKNAME_MAX_LENGTH} characters`,
};

/** A nickname cut to `length` characters (code points), still clean: no half emoji, no space at the end. */
export function shortenNickname(nickname: string, length: number): string {
  return cleanNickname([...nickname].slice(0, length).join(''));
}

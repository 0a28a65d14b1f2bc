/**
 * The room's chat and the host's tools (features `chat` and `host-tools`),
 * their numbers and the rule for a message's text, in one place: the server
 * enforces them and the browser checks a message before sending it. Free of
 * zod, like nickname.ts, so the first page can load it.
 *
 * A message is shown to everyone in the room, so it is cleaned as a
 * nickname is (player-text.ts, nickname.ts): no control, format or bidi
 * character, NFC, at most two combining marks on a character, runs of
 * spaces made one; then it has 1–200 characters and something that shows.
 */
import { cleanShownText } from './nickname.js';

/** The feature names a server announces in `hello` and a client names in its handshake. */
export const CHAT_FEATURE = 'chat';
export const HOST_TOOLS_FEATURE = 'host-tools';

/** Characters (code points) a message has at most, once cleaned. */
export const CHAT_TEXT_MAX_LENGTH = 200;
/** What a message may be as sent, before cleaning drops what does not show. */
export const CHAT_TEXT_MAX_SENT = 1000;
/** Messages a room keeps and replays to whoever (re)joins it. */
export const CHAT_KEPT = 50;
/** Messages a player may send at once… */
export const CHAT_BURST = 5;
/** …and then one per this many ms. */
export const CHAT_REFILL_MS = 2000;
/** The colour of a spectator's name in the chat: neutral, no player's (the palette has no grey). */
export const SPECTATOR_CHAT_COLOR = '#808080';
/** How long a removed player may not come back to the room. */
export const KICK_HOLD_MS = 10 * 60 * 1000;
/** The per-browser id a client keeps (room:join's `browserId`): letters, digits, - and _. */
export const BROWSER_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The message as it is shown and kept: cleaned like a nickname. */
export function cleanChatText(raw: string): string {
  return cleanShownText(raw);
}

export type ChatTextProblem = 'empty' | 'too_long';

const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** What is wrong with a message as typed, or undefined when the server will take it. */
export function chatTextProblem(raw: string): ChatTextProblem | undefined {
  const text = cleanChatText(raw);
  if (!VISIBLE.test(text)) return 'empty';
  if ([...text].length > CHAT_TEXT_MAX_LENGTH) return 'too_long';
  return undefined;
}

/** Why the server refuses a message, in its `bad_request` message. */
export const CHAT_TEXT_RULES: Record<ChatTextProblem, string> = {
  empty: 'a message needs a letter, digit or symbol that shows',
  too_long: `a message has at most ${CHAT_TEXT_MAX_LENGTH} characters`,
};

/**
 * The nickname rule, in one place: the server's schema enforces it and the
 * browser checks it before sending, so a player reads a sentence instead of
 * a refusal. Free of zod, like version.ts, so the first page can load it.
 */
export const NICKNAME_MAX_LENGTH = 24;

/** Spaces at either end dropped, runs of spaces made one: "  Ana   B " is "Ana B". */
export function cleanNickname(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

export type NicknameProblem = 'empty' | 'too_long';

/** What is wrong with a nickname as typed, or undefined when the server will take it. */
export function nicknameProblem(raw: string): NicknameProblem | undefined {
  const nickname = cleanNickname(raw);
  if (nickname === '') return 'empty';
  if ([...nickname].length > NICKNAME_MAX_LENGTH) return 'too_long';
  return undefined;
}

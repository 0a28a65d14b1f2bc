/**
 * What the guess field says after a guess: the place found, who had taken
 * it, or what was typed that matched nothing. Written for people, with the
 * text they typed and the names they know. DOM-free.
 */
import type { Mode } from '../../../protocol/types.js';
import { formatNumber } from '../format.js';
import { sentenceFor } from '../messages.js';
import type { GuessOutcome } from '../state/guess-outcome.js';
import type { PlaceNamer } from '../place-names.js';

export interface FeedbackContext {
  names: PlaceNamer;
  mode: Mode;
  /** A player's nickname by id. */
  nickname(id: string): string;
}

/** The feedback's class: found, taken, repeat, miss or error. */
export const feedbackKind = (outcome: GuessOutcome): string =>
  'kind' in outcome ? outcome.kind : 'error';

export function describeGuess(outcome: GuessOutcome, typed: string, ctx: FeedbackContext): string {
  if ('error' in outcome) return sentenceFor(outcome.error, 'guess');
  switch (outcome.kind) {
    case 'found':
      return `Found ${ctx.names.label(outcome.place)} · ${formatNumber(outcome.place.population)} people`;
    case 'taken':
      return `${ctx.names.label(outcome.place)} was already taken by ${ctx.nickname(outcome.by)}`;
    case 'repeat':
      return ctx.mode === 'coop'
        ? `Your team already named ${ctx.names.label(outcome.place)}`
        : `You already named ${ctx.names.label(outcome.place)}`;
    case 'miss':
      return `Not found: ${typed}`;
  }
}

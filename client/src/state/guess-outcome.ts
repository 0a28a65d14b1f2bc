import type { ErrorCode, GuessResult } from '../../../protocol/types.js';

/** What a guess came to: the server's result, or the code it refused the guess with. */
export type GuessOutcome = GuessResult | { error: ErrorCode };

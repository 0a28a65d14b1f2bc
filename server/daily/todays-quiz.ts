/**
 * The daily quiz of a moment, as the game and the routes ask for it: the
 * rotation over the gazetteer's candidates, with the scope's totals.
 */
import type { DailyQuizInfo } from '../../protocol/daily.js';
import type { Gazetteer } from '../places/gazetteer.js';
import { dailyCandidates } from './daily-candidates.js';
import { addDays, dailyDateOf, dailyQuiz, dayStart } from './daily-rotation.js';

export type DailyQuizOf = (date: string) => DailyQuizInfo | undefined;

/** The quiz of each date over `gazetteer`'s scopes (its candidates are picked once: the scopes are fixed). */
export function dailyQuizzes(gazetteer: Pick<Gazetteer, 'scopes'>): DailyQuizOf {
  const candidates = dailyCandidates(gazetteer.scopes);
  // Every start and every GET /api/daily asks for today: the last answer is kept.
  let last: { date: string; quiz: DailyQuizInfo | undefined } | undefined;
  return (date) => {
    if (last?.date !== date) last = { date, quiz: quizOn(date) };
    return last.quiz;
  };

  function quizOn(date: string): DailyQuizInfo | undefined {
    const pick = dailyQuiz(date, candidates);
    if (!pick) return undefined;
    const { id, name, places, population } = pick.quiz;
    return {
      number: pick.number,
      date,
      scope: id,
      name,
      places,
      population,
      endsAt: dayStart(addDays(date, 1)),
    };
  }
}

/** Today's quiz at `now` (ms since the epoch, UTC). */
export const quizAt = (quizOf: DailyQuizOf, now: number) => quizOf(dailyDateOf(now));

/**
 * The daily quiz over HTTP: `GET /api/daily` (today's quiz) and
 * `GET /api/daily/board?date=YYYY-MM-DD` (a day's board, today when no
 * date; only the kept days). Both answer 503 `starting` until the node is ready.
 */
import { Router } from 'express';
import { DAILY_BOARD_DAYS, type DailyBoard } from '../../protocol/daily.js';
import type { DailyBoardStore } from './daily-board-store.js';
import { oldestKept } from './daily-board-store.js';
import { addDays, DAILY_LAUNCH_DATE, isDailyDate } from './daily-rotation.js';
import type { DailyQuizOf } from './todays-quiz.js';

export interface DailyRouteParts {
  quizOf: DailyQuizOf;
  board: DailyBoardStore;
}

export function createDailyRouter(ready: () => DailyRouteParts | undefined): Router {
  const router = Router();

  router.get('/api/daily', (_req, res) => {
    const daily = ready();
    if (!daily) return void res.status(503).json({ error: 'starting' });
    const quiz = daily.quizOf(daily.board.today());
    if (!quiz) return void res.status(404).json({ error: 'not_found' });
    // Changes at midnight UTC: caches may keep it until then, not longer.
    const secondsLeft = Math.max(0, Math.floor((quiz.endsAt - Date.now()) / 1000));
    res.set('Cache-Control', `public, max-age=${Math.min(60, secondsLeft)}`).json(quiz);
  });

  router.get('/api/daily/board', async (req, res, next) => {
    const daily = ready();
    if (!daily) return void res.status(503).json({ error: 'starting' });
    const today = daily.board.today();
    const asked = req.query.date;
    if (asked !== undefined && (typeof asked !== 'string' || !isDailyDate(asked))) {
      return void res.status(400).json({ error: 'bad_request', message: 'date is YYYY-MM-DD' });
    }
    const date = asked ?? today;
    if (date > today || date < oldestKept(today) || date < DAILY_LAUNCH_DATE) {
      return void res.status(404).json({ error: 'not_found', message: 'boards are kept 30 days' });
    }
    const quiz = daily.quizOf(date);
    if (!quiz) return void res.status(404).json({ error: 'not_found' });
    try {
      const entries = await daily.board.board(date);
      const days = Array.from({ length: DAILY_BOARD_DAYS }, (_, i) => addDays(today, -i)).filter(
        (day) => day >= DAILY_LAUNCH_DATE,
      );
      const board: DailyBoard = {
        number: quiz.number,
        date,
        scope: quiz.scope,
        name: quiz.name,
        entries,
        days,
      };
      res.set('Cache-Control', 'no-store').json(board);
    } catch (err) {
      next(err);
    }
  });

  return router;
}

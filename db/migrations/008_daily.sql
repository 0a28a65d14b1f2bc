-- The daily quiz's boards (server/daily/): one entry per browser per day, the
-- first daily game it finished that day; later games of the day are practice.
-- The primary key is the rule, and the lock when several nodes write at once.
-- Kept 30 days (server/daily/daily-board-store.ts deletes older days).

CREATE TABLE daily_results (
  date date NOT NULL,
  browser_id text NOT NULL,
  scope text NOT NULL,
  nickname text NOT NULL,
  places integer NOT NULL,
  population_share double precision NOT NULL,
  finished_at timestamptz NOT NULL,
  game_id text NOT NULL,
  player_id text NOT NULL,
  PRIMARY KEY (date, browser_id)
);

-- A day's board, best first.
CREATE INDEX daily_results_board ON daily_results (date, places DESC, population_share DESC, finished_at);

-- What people name (server/stats/): per quiz, how many saved games named
-- each place, and the games' shares of the population, kept up to date by an
-- hourly job that adds only the games saved since its last run. No player,
-- nickname or game id is kept in the aggregates.

-- Each quiz's count of games counted so far.
CREATE TABLE naming_scope (
  scope text PRIMARY KEY,
  games integer NOT NULL,
  -- The median of the games' population_share, from naming_share_histogram.
  median_population_share double precision NOT NULL
);

-- In how many counted games of a quiz a place was named (once per game,
-- whoever named it). Only numbers: the hourly upsert stays cheap, and the
-- place itself is read from the gazetteer (a place a re-import dropped
-- drops out of the figures with it).
CREATE TABLE naming_place (
  scope text NOT NULL,
  place_id integer NOT NULL,
  games_named integer NOT NULL,
  PRIMARY KEY (scope, place_id)
);

-- The games of a quiz by their population_share rounded to 0.01 %
-- (share_bp: basis points, 0 to 10000): the median stays a walk over at most
-- 10,001 rows a quiz, however many games are counted.
CREATE TABLE naming_share_histogram (
  scope text NOT NULL,
  share_bp integer NOT NULL,
  games integer NOT NULL,
  PRIMARY KEY (scope, share_bp)
);

-- The games counted lately. A game is saved a moment after it ends, and two
-- nodes may commit theirs out of order, so a cursor on ended_at alone could
-- skip one: each run looks at the games that ended since an hour before the
-- newest it counted, and skips those listed here. Rows older than that hour
-- are removed at the end of each run.
CREATE TABLE naming_counted (
  game_id text PRIMARY KEY,
  scope text NOT NULL,
  ended_at timestamptz NOT NULL,
  run integer NOT NULL
);
CREATE INDEX naming_counted_by_run ON naming_counted (run);
CREATE INDEX naming_counted_by_ended_at ON naming_counted (ended_at);

-- The job's one row: the cursor, and the row each run locks so that two
-- nodes sharing a PostgreSQL never count the same games twice.
CREATE TABLE naming_job (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  run integer NOT NULL,
  newest_ended_at timestamptz,
  updated_at timestamptz
);
INSERT INTO naming_job (run) VALUES (0);

-- The job finds the games saved since its last run by their end.
CREATE INDEX games_by_ended_at ON games (ended_at);

-- The operator's hourly history (server/admin/hourly-history.ts): one row an
-- hour, aggregated from every node's per-second samples. The primary key is
-- how several nodes agree on one row: each tries to insert the finished hour
-- and only the first insert wins (ON CONFLICT (hour) DO NOTHING).

CREATE TABLE hourly_stats (
  hour timestamptz PRIMARY KEY,     -- the start of the hour
  games_started integer NOT NULL,
  games_finished integer NOT NULL,
  players integer NOT NULL,         -- new seats taken in the hour
  guesses integer NOT NULL,
  finds integer NOT NULL,
  p95_ms double precision,          -- guess latency; NULL in an hour without guesses
  errors integer NOT NULL,
  peak_rooms integer NOT NULL,
  peak_players integer NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by text NOT NULL         -- the node whose insert won
);

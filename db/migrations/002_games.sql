-- Finished games, saved whole in one transaction when a game ends, so that a
-- result page (GET /api/games/:id) works for anyone later, after restarts.

CREATE TABLE games (
  id text PRIMARY KEY,
  room_code text NOT NULL,
  scope text NOT NULL,
  mode text NOT NULL,
  settings jsonb NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  scope_places integer NOT NULL,
  scope_population bigint NOT NULL,
  population_share double precision NOT NULL,
  -- The largest places nobody named, as shown when the game ended (JSON array).
  missed jsonb NOT NULL
);

CREATE TABLE game_players (
  game_id text NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  player_id text NOT NULL,
  nickname text NOT NULL,
  color text NOT NULL,
  rank integer NOT NULL,
  score integer NOT NULL,
  population bigint NOT NULL,
  capitals integer NOT NULL,
  PRIMARY KEY (game_id, player_id)
);

CREATE TABLE game_finds (
  game_id text NOT NULL REFERENCES games (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  player_id text NOT NULL,
  -- The place as it was shown (JSON), so a result outlives a re-import.
  place jsonb NOT NULL,
  found_at timestamptz NOT NULL,
  PRIMARY KEY (game_id, seq)
);

-- For "the largest places nobody named" in the world scope.
CREATE INDEX places_by_population ON places (population DESC);

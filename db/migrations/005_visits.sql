-- Visitors without personal data (issue 17; server/visits/): counts per UTC day
-- of page views, referring sites, browser families, screen classes and games
-- per quiz. A row is a day, a kind, a key and a count: no address, no user
-- agent, no URL, no time finer than the day. Each node counts in memory and
-- adds its counts every minute (count = count + excluded.count), so several
-- nodes add to the same row.

CREATE TABLE daily_counts (
  day date NOT NULL,
  kind text NOT NULL CHECK (
    kind IN ('page', 'referrer', 'browser', 'screen', 'game_started', 'game_finished')
  ),
  -- page: a route pattern (/, /about, /r/:code, /g/:id); referrer: a domain,
  -- (direct) or (other); browser: a family; screen: phone, tablet or desktop;
  -- game_*: the quiz's scope id (DE, europe, world).
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
  count integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (day, kind, key)
);

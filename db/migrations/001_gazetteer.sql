-- The gazetteer: GeoNames cities500 places, every name a guess can use, the
-- countries and their first-level divisions. Filled by the import
-- (db/gazetteer/import-gazetteer.ts), never by hand.

CREATE TABLE meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE countries (
  code text PRIMARY KEY,            -- ISO 3166-1 alpha-2
  name text NOT NULL,
  continent text NOT NULL,          -- a continent scope id: europe, north-america, ...
  places integer NOT NULL,
  population bigint NOT NULL
);

CREATE TABLE admin1_divisions (
  country text NOT NULL,
  code text NOT NULL,               -- GeoNames' first-level division code
  name text NOT NULL,
  PRIMARY KEY (country, code)
);

CREATE TABLE places (
  id integer PRIMARY KEY,           -- the GeoNames id
  name text NOT NULL,
  ascii_name text NOT NULL,
  country text NOT NULL,
  admin1 text NOT NULL,
  population integer NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  feature_code text NOT NULL,
  is_capital boolean NOT NULL,      -- PPLC: capital of a country
  is_admin1_seat boolean NOT NULL   -- PPLA: seat of a first-level division
);

CREATE INDEX places_by_country ON places (country, population DESC);

-- Every accepted name of a place, by its normalised key (db/gazetteer/normalise.ts).
CREATE TABLE place_names (
  key text NOT NULL,
  place_id integer NOT NULL,
  CONSTRAINT place_names_pkey PRIMARY KEY (key, place_id)
);

-- The places a normalised name can mean, most populous first. A plpgsql
-- function so that PGlite plans the query once rather than on every call.
CREATE FUNCTION places_named(name_key text)
RETURNS TABLE (
  id integer,
  name text,
  country text,
  admin1 text,
  population integer,
  lat double precision,
  lon double precision,
  is_capital boolean
)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    SELECT p.id, p.name, p.country, p.admin1, p.population, p.lat, p.lon, p.is_capital
    FROM place_names n JOIN places p ON p.id = n.place_id
    WHERE n.key = name_key
    ORDER BY p.population DESC, p.id;
END
$$;

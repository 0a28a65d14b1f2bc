-- Matching players trust (issue 13). Where a place comes from (GeoNames, or
-- a second list of cities filling GeoNames' gaps), and every accepted name
-- of a place that has spaces, once more without them, for players who leave
-- them out ("Aizuwakamatsu" for Aizu-Wakamatsu). Filled by the import.

ALTER TABLE places ADD COLUMN source text NOT NULL DEFAULT 'geonames';

CREATE TABLE place_compact_names (
  key text NOT NULL,
  place_id integer NOT NULL,
  CONSTRAINT place_compact_names_pkey PRIMARY KEY (key, place_id)
);

-- The places a name written without spaces can mean, most populous first:
-- those with a name that has spaces (compacted at the import) and those
-- whose name has none (the name index itself).
CREATE FUNCTION places_compact_named(compact_key text)
RETURNS TABLE (
  id integer,
  name text,
  ascii_name text,
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
    SELECT p.id, p.name, p.ascii_name, p.country, p.admin1, p.population, p.lat, p.lon, p.is_capital
    FROM places p
    WHERE p.id IN (
      SELECT c.place_id FROM place_compact_names c WHERE c.key = compact_key
      UNION
      SELECT n.place_id FROM place_names n WHERE n.key = compact_key
    )
    ORDER BY p.population DESC, p.id;
END
$$;

-- places_named gives the ASCII name too: the matching rules read a place's own names.
DROP FUNCTION places_named(text);
CREATE FUNCTION places_named(name_key text)
RETURNS TABLE (
  id integer,
  name text,
  ascii_name text,
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
    SELECT p.id, p.name, p.ascii_name, p.country, p.admin1, p.population, p.lat, p.lon, p.is_capital
    FROM place_names n JOIN places p ON p.id = n.place_id
    WHERE n.key = name_key
    ORDER BY p.population DESC, p.id;
END
$$;

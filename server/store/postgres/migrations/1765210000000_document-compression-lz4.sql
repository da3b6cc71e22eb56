-- Up Migration

-- A case document (about 7 kB of JSON with its engines' states) is compressed on every commit.
-- lz4 does that faster than PostgreSQL's default pglz: a commit took 0.47-0.49 ms against
-- 0.58-0.60 ms with pglz (2026-12-05, 100 cases, fsync on). Documents written before keep pglz
-- until their next commit; both are read alike. A server built without lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE cases ALTER COLUMN document SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'PostgreSQL was built without lz4: case documents stay compressed with pglz';
END
$$;

-- Down Migration

ALTER TABLE cases ALTER COLUMN document SET COMPRESSION default;

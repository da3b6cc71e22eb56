-- Up Migration

-- What start-up reads of a case instead of its document: the CaseIndexEntry of
-- server/store/store.ts (indexEntryOf), i.e. the document without the engines' states and the
-- pending history, which are most of its size. A change to indexEntryOf must change this function
-- too (in a new migration, followed by `UPDATE cases SET document = document` to recompute the column).
CREATE FUNCTION casusregie_index_entry(document jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT (document - 'pendingHistory')
      || jsonb_build_object('instances', COALESCE(
        (SELECT jsonb_object_agg(instance.key, instance.value - 'engineState')
         FROM jsonb_each(document -> 'instances') AS instance),
        '{}'::jsonb))
  $$;

-- Generated, so every statement that writes a document writes its entry too, whoever sends it (a
-- node of this version, an older node during a rolling upgrade, the importer of migrate-store, an
-- administrator's UPDATE): the entry can never disagree with its document. Adding it computes the
-- entry of every case stored before this migration, once, here (the table is rewritten).
ALTER TABLE cases ADD COLUMN index_entry jsonb NOT NULL
  GENERATED ALWAYS AS (casusregie_index_entry(document)) STORED;

-- Down Migration

ALTER TABLE cases DROP COLUMN IF EXISTS index_entry;
DROP FUNCTION IF EXISTS casusregie_index_entry(jsonb);

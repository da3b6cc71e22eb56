-- Up Migration

-- Form versions (issue 19): a process owner's form, each change a new version, like the diagram
-- versions in `definitions`. A version is a record of what cases were asked: never rewritten, so
-- append-only like the case history.
CREATE TABLE form_versions (
  key text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  record jsonb NOT NULL,
  schema jsonb NOT NULL,
  ord bigserial NOT NULL,
  PRIMARY KEY (key, version)
);
CREATE TRIGGER form_versions_append_only BEFORE UPDATE OR DELETE ON form_versions
  FOR EACH ROW EXECUTE FUNCTION casusregie_append_only();
CREATE TRIGGER form_versions_no_truncate BEFORE TRUNCATE ON form_versions
  FOR EACH STATEMENT EXECUTE FUNCTION casusregie_append_only();

-- Down Migration

DROP TABLE IF EXISTS form_versions;

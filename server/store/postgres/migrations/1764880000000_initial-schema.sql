-- Up Migration

-- One row per case: the document whole (JSONB), with the columns the queries need beside it.
CREATE TABLE cases (
  case_id text PRIMARY KEY,
  team text NOT NULL,
  revision bigint NOT NULL,
  closed_at timestamptz,
  document jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_team ON cases (team);
CREATE INDEX cases_open ON cases (case_id) WHERE closed_at IS NULL;

-- Refuses every UPDATE and DELETE: what these tables hold is a record, never rewritten.
CREATE FUNCTION casusregie_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TABLE case_history (
  case_id text NOT NULL,
  seq bigint NOT NULL,
  entry jsonb NOT NULL,
  PRIMARY KEY (case_id, seq)
);
CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
  FOR EACH ROW EXECUTE FUNCTION casusregie_append_only();
CREATE TRIGGER case_history_no_truncate BEFORE TRUNCATE ON case_history
  FOR EACH STATEMENT EXECUTE FUNCTION casusregie_append_only();

-- An append-only copy of every case's document.decisions: a formal decision stays, whatever the document says later.
CREATE TABLE case_decisions (
  case_id text NOT NULL,
  decision_id text NOT NULL,
  record jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, decision_id)
);
CREATE TRIGGER case_decisions_append_only BEFORE UPDATE OR DELETE ON case_decisions
  FOR EACH ROW EXECUTE FUNCTION casusregie_append_only();
CREATE TRIGGER case_decisions_no_truncate BEFORE TRUNCATE ON case_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION casusregie_append_only();

-- NEN 7513: the hash-chained access log (server/audit/chain.ts). `record` holds every field the hash covers.
CREATE TABLE access_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id text NOT NULL,
  case_id text,
  record jsonb NOT NULL,
  prev text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX access_log_case ON access_log (case_id, seq) WHERE case_id IS NOT NULL;
CREATE INDEX access_log_user ON access_log (user_id, seq);
CREATE INDEX access_log_at ON access_log (at);
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION casusregie_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION casusregie_append_only();

-- A lowdb access log from before the hash chain, moved here by migrate-store: the chain's first
-- line links to its SHA-256, as in the data folder (access-log.legacy.jsonl).
CREATE TABLE access_log_legacy (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  content bytea NOT NULL
);
CREATE TRIGGER access_log_legacy_append_only BEFORE UPDATE OR DELETE ON access_log_legacy
  FOR EACH ROW EXECUTE FUNCTION casusregie_append_only();

CREATE TABLE definitions (
  key text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  xml text NOT NULL,
  ord bigserial NOT NULL,
  PRIMARY KEY (key, version)
);

-- `ord` keeps the order lowdb lists them in: a replaced row moves to the end.
CREATE TABLE users (
  id text PRIMARY KEY,
  record jsonb NOT NULL,
  ord bigserial NOT NULL
);

CREATE TABLE teams (
  id text PRIMARY KEY,
  record jsonb NOT NULL,
  ord bigserial NOT NULL
);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  record jsonb NOT NULL,
  ord bigserial NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Newest first per user is the highest `ord`.
CREATE TABLE notifications (
  ord bigserial PRIMARY KEY,
  id text NOT NULL,
  user_id text NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, ord DESC);

CREATE TABLE notification_settings (
  user_id text PRIMARY KEY,
  settings jsonb NOT NULL,
  ord bigserial NOT NULL
);

CREATE TABLE overdue_notified (
  task_id text PRIMARY KEY
);

CREATE TABLE settings (
  name text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Live events between nodes (@socket.io/postgres-adapter): payloads over NOTIFY's 8000 bytes.
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);

-- Down Migration

DROP TABLE IF EXISTS socket_io_attachments, settings, overdue_notified, notification_settings, notifications,
  sessions, teams, users, definitions, access_log_legacy, access_log, case_decisions, case_history, cases;
DROP FUNCTION IF EXISTS casusregie_append_only();

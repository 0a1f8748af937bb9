-- Up Migration
-- Bounded case state (docs/security.md): a case's messages and its whole decision log live here, outside
-- the workflow state, which keeps only counts and the newest decisions. Written by idempotent activities:
-- a repeated (case_id, seq) changes nothing.
CREATE TABLE case_messages (
  case_id    text NOT NULL,
  seq        integer NOT NULL,
  at         timestamptz NOT NULL,
  sender     text NOT NULL,
  by_name    text NOT NULL,
  text       text NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_decisions (
  case_id    text NOT NULL,
  seq        integer NOT NULL,
  decision   jsonb NOT NULL,
  PRIMARY KEY (case_id, seq)
);

-- Down Migration
DROP TABLE case_decisions;
DROP TABLE case_messages;

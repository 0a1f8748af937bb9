-- Up Migration
-- Without CASEFLOW_CODEC_KEY (development), survey links are signed with a random key made once and kept
-- here, so every worker and API process of the system agrees on it (db/survey-key.ts). One row at most:
-- the first process to start inserts it, the others find it.
CREATE TABLE survey_key (
  one         boolean PRIMARY KEY DEFAULT true CHECK (one),
  secret      bytea NOT NULL CHECK (length(secret) = 32),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE survey_key;

-- Up Migration
-- Customers' keys (issue 16, docs/privacy.md). Each customer seen at intake gets an opaque key — what
-- workflow ids, search attributes and the projections' customer column carry instead of their id — and a
-- data key that seals their personal fields (name, phone, e-mail) wherever caseflow keeps them.
-- Erasure destroys the data key and forgets the id: every sealed copy, in Temporal's history and its
-- backups as much as here, becomes unreadable, while the opaque key keeps the customer's cases together
-- for the figures.
CREATE TABLE customers (
  key          text PRIMARY KEY,
  -- The customer's id as intake gives it; NULL once erased (a later contact with the same id is a new key).
  customer_id  text UNIQUE,
  -- The data key, wrapped with the payload key (CASEFLOW_CODEC_KEY) named by kek_id; 'none': stored as is
  -- (development without a codec key). NULL once erased.
  data_key     bytea,
  kek_id       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  erased_at    timestamptz,
  erased_by    text,
  CHECK ((erased_at IS NULL) = (data_key IS NOT NULL)),
  CHECK (erased_at IS NOT NULL OR customer_id IS NOT NULL)
);

-- When a case's personal data was scrubbed from the projections: by erasure of its customer, or by the
-- retention purge (its figures stay; its text, customer and messages go).
ALTER TABLE cases
  ADD COLUMN erased_at timestamptz,
  ADD COLUMN purged_at timestamptz;

-- Down Migration
ALTER TABLE cases DROP COLUMN purged_at, DROP COLUMN erased_at;
DROP TABLE customers;

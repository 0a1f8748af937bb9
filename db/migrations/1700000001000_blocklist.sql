-- Up Migration
-- Customers refused at intake (mode refuse: 403, no case) or flagged (mode flag: the case carries the
-- flag `blocklisted` and the template decides what to do with it).
CREATE TABLE blocklist (
  customer_id text PRIMARY KEY,
  mode        text NOT NULL CHECK (mode IN ('refuse', 'flag')),
  reason      text NOT NULL,
  updated_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE blocklist;

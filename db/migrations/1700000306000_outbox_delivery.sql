-- Up Migration
-- The outbox records what became of each notification (activities/notifications.ts): `pending` once it is
-- written (the write is retried until it lands), then `sent` or `failed` — delivery is the only part that
-- may give up, and `failure` says why (every channel's error). Rows from before are classified by what
-- they hold.
ALTER TABLE outbox
  ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  ADD COLUMN failure text;
UPDATE outbox SET status = CASE
  WHEN sent_on IS NOT NULL THEN 'sent'
  WHEN jsonb_array_length(attempts) > 0 THEN 'failed'
  ELSE 'pending'
END;

-- Down Migration
ALTER TABLE outbox DROP COLUMN failure, DROP COLUMN status;

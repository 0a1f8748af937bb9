-- Up Migration
-- The audit log of who read what (history, timeline, replay, exports, reports), and the per-case measures
-- the service reports read (SPEC §8). Temporal history stays the record of what happened to a case; this
-- log is the record of who looked at it.

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  principal  text NOT NULL,
  roles      text[] NOT NULL DEFAULT '{}',
  -- What was done: case.history, case.timeline, case.replay, report.sla, …
  action     text NOT NULL,
  -- What it was done to: case/<id>, reports/<name>.
  resource   text NOT NULL,
  -- The request's options (format, raw, groupBy, range), never the data that was read.
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_resource_idx ON audit_log (resource, at);
CREATE INDEX audit_log_principal_idx ON audit_log (principal, at);

-- Append-only. Privileges alone do not bind the table's owner (who may grant them back) or a superuser,
-- so a trigger refuses every change of a written row whoever asks; only DROP TABLE (a migration) remains.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER;

-- Measures of each case for the reports, derived from the case view by the projection activity
-- (db/reports-measures.ts). Business durations are in ms on the SLA calendar of the case's priority,
-- without the time the case spent in a status that pauses the clocks (sla.pauseWhen).
ALTER TABLE cases
  ADD COLUMN first_response_at      timestamptz,
  ADD COLUMN resolved_at            timestamptz,
  ADD COLUMN ended_at               timestamptz,
  ADD COLUMN response_target_ms     bigint,
  ADD COLUMN resolution_target_ms   bigint,
  ADD COLUMN response_business_ms   bigint,
  ADD COLUMN resolution_business_ms bigint,
  ADD COLUMN response_due_at        timestamptz,
  ADD COLUMN resolution_due_at      timestamptz,
  ADD COLUMN response_met           boolean,
  ADD COLUMN resolution_met         boolean,
  ADD COLUMN reopen_count           integer NOT NULL DEFAULT 0,
  ADD COLUMN escalation_count       integer NOT NULL DEFAULT 0,
  ADD COLUMN handoff_count          integer NOT NULL DEFAULT 0,
  ADD COLUMN first_contact_resolution boolean NOT NULL DEFAULT false,
  ADD COLUMN survey_sent_at         timestamptz,
  ADD COLUMN survey_answered_at     timestamptz,
  ADD COLUMN survey_scores          jsonb;
CREATE INDEX cases_created_idx ON cases (created_at);

-- Down Migration
DROP INDEX cases_created_idx;
ALTER TABLE cases
  DROP COLUMN first_response_at, DROP COLUMN resolved_at, DROP COLUMN ended_at,
  DROP COLUMN response_target_ms, DROP COLUMN resolution_target_ms,
  DROP COLUMN response_business_ms, DROP COLUMN resolution_business_ms,
  DROP COLUMN response_due_at, DROP COLUMN resolution_due_at,
  DROP COLUMN response_met, DROP COLUMN resolution_met,
  DROP COLUMN reopen_count, DROP COLUMN escalation_count, DROP COLUMN handoff_count,
  DROP COLUMN first_contact_resolution,
  DROP COLUMN survey_sent_at, DROP COLUMN survey_answered_at, DROP COLUMN survey_scores;
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();

-- Up Migration
-- The audit log records every audited request (issue 11, item 8; docs/security.md "What is logged"): reads
-- of case data, tasks, the blocklist, reports and the audit log itself, and every change — with the answer's
-- status and the request id that ties the entry to the API's own log line. Read newest first with a cursor
-- over (at, id) and filters by principal, case, action and time, each served by an index.

ALTER TABLE audit_log
  -- The HTTP status the request was answered with (refused attempts, 403/404/409, are recorded too).
  ADD COLUMN status smallint,
  -- X-Request-Id of the request, as in the API's request log.
  ADD COLUMN request_id text,
  -- The case the entry is about, derived from its resource (case/<id>, or task/<caseId>-t<n>), so it
  -- cannot disagree with it and rows written before this migration have it too. Adding a stored generated
  -- column rewrites the table without firing its row triggers: the append-only rule is untouched.
  ADD COLUMN case_id text GENERATED ALWAYS AS (
    CASE
      WHEN resource LIKE 'case/%' THEN substr(resource, 6)
      WHEN resource ~ '^task/.+-t[0-9]+$' THEN substring(resource FROM '^task/(.+)-t[0-9]+$')
    END
  ) STORED;

-- Newest first: every listing walks one of these backwards from its cursor.
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
CREATE INDEX audit_log_case_idx ON audit_log (case_id, at, id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_action_idx ON audit_log (action, at, id);
DROP INDEX audit_log_principal_idx;
CREATE INDEX audit_log_principal_idx ON audit_log (principal, at, id);

-- Down Migration
DROP INDEX audit_log_principal_idx;
CREATE INDEX audit_log_principal_idx ON audit_log (principal, at);
DROP INDEX audit_log_action_idx;
DROP INDEX audit_log_case_idx;
DROP INDEX audit_log_at_idx;
ALTER TABLE audit_log DROP COLUMN case_id, DROP COLUMN request_id, DROP COLUMN status;

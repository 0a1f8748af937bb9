-- Up Migration
-- Projections of case workflows, written by idempotent activities and read by the API. Temporal history
-- stays the record; these tables can be rebuilt from it.

CREATE TABLE cases (
  id               text PRIMARY KEY,
  workflow_id      text NOT NULL,
  template_name    text NOT NULL,
  template_version integer NOT NULL,
  template_sha256  text NOT NULL,
  status           text NOT NULL,
  channel          text NOT NULL,
  customer_id      text NOT NULL,
  category         text,
  department       text,
  priority         text,
  step             text,
  tags             text[] NOT NULL DEFAULT '{}',
  view             jsonb NOT NULL,
  revision         integer NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX cases_customer_idx ON cases (customer_id, status);
CREATE INDEX cases_status_idx ON cases (status, created_at);

CREATE TABLE tasks (
  id            text PRIMARY KEY,
  case_id       text NOT NULL REFERENCES cases (id),
  department    text NOT NULL,
  coordinator   text,
  tier          text,
  step          text NOT NULL,
  title         text NOT NULL,
  status        text NOT NULL,
  assignee      text,
  priority      text,
  priority_rank integer,
  due_at        timestamptz,
  view          jsonb NOT NULL,
  revision      integer NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
-- The inbox query: a department's open work, most urgent first, then soonest due.
CREATE INDEX tasks_inbox_idx ON tasks (department, status, priority_rank, due_at);
CREATE INDEX tasks_case_idx ON tasks (case_id);

-- What was sent to customers and departments (notifications, survey links); one row per notification id.
CREATE TABLE outbox (
  id          text PRIMARY KEY,
  case_id     text NOT NULL,
  recipient   text NOT NULL,
  channel     text NOT NULL,
  fallback    text,
  message     text NOT NULL,
  data        jsonb,
  sent_on     text,
  attempts    jsonb NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX outbox_case_idx ON outbox (case_id, created_at);

-- The template registry: (name, version) is immutable once published.
CREATE TABLE templates (
  name          text NOT NULL,
  version       integer NOT NULL,
  sha256        text NOT NULL,
  source        text NOT NULL,
  plan          jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'active',
  published_by  text NOT NULL,
  published_at  timestamptz NOT NULL DEFAULT now(),
  retired_by    text,
  retired_at    timestamptz,
  PRIMARY KEY (name, version)
);

-- Down Migration
DROP TABLE templates;
DROP TABLE outbox;
DROP TABLE tasks;
DROP TABLE cases;

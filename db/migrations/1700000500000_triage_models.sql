-- Up Migration
-- Learned triage (issue 17, docs/triage.md): each trained model, versioned. A row is never changed: a
-- retraining adds a version, and a case's suggestion names the version that scored it. `model` is the
-- classifier's JSON (token counts per label), `evaluation` what it scored on held-out cases next to the
-- template's rules, `departments` those it learnt, `refused` the departments it had too few cases for (it never suggests them).
CREATE TABLE triage_models (
  version     bigserial PRIMARY KEY,
  template    text NOT NULL,
  trained_at  timestamptz NOT NULL DEFAULT now(),
  trained_on  integer NOT NULL,
  model       jsonb NOT NULL,
  evaluation  jsonb NOT NULL,
  departments jsonb NOT NULL,
  refused     jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX triage_models_template_idx ON triage_models (template, version DESC);

-- Down Migration
DROP TABLE triage_models;

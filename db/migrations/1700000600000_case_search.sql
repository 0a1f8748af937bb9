-- Up Migration
-- Similar resolved cases (issue 17, SPEC §12, docs/triage.md): one row per resolved or closed case that a
-- person resolved, written by the projection activity (db/similar-cases.ts). A table of its own rather than
-- columns on `cases`: only resolved cases are searched, so the GIN index holds them alone, and a reopened,
-- erased or purged case leaves by deleting one row.
--
-- `tokens` is the case's subject and description as triage/tokens.ts splits them (Intl.Segmenter 'zh'
-- words and English), joined by spaces and read by to_tsvector('simple', …): Chinese is searched by the
-- same words the classifier learns from, with no Chinese text-search parser or extension (PGlite has
-- neither zhparser nor, by default, pg_trgm). `departments` are those the case ever involved, so an
-- agent is shown only cases they may read (access/policy.ts mayReadCase).
CREATE TABLE case_search (
  case_id       text PRIMARY KEY,
  template_name text NOT NULL,
  subject       text NOT NULL,
  category      text,
  departments   text[] NOT NULL DEFAULT '{}',
  tokens        tsvector NOT NULL,
  resolution    text NOT NULL,
  resolved_by   text,
  resolved_at   timestamptz NOT NULL
);
CREATE INDEX case_search_tokens_idx ON case_search USING gin (tokens);

-- Erasure and retention (db/case-scrub.ts) set erased_at or purged_at: the case's words and resolution
-- leave the search at once, in the scrub's own transaction, whoever scrubs.
CREATE FUNCTION case_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_search WHERE case_id = NEW.id;
  RETURN NEW;
END
$$;
CREATE TRIGGER case_search_forget AFTER UPDATE OF erased_at, purged_at ON cases
  FOR EACH ROW WHEN (NEW.erased_at IS NOT NULL OR NEW.purged_at IS NOT NULL)
  EXECUTE FUNCTION case_search_forget();

-- Down Migration
DROP TRIGGER case_search_forget ON cases;
DROP FUNCTION case_search_forget();
DROP TABLE case_search;

-- Roles and databases of docker-compose.yml. The postgres image runs this once, as its superuser, when the
-- data directory is empty. Passwords come from the container's environment (psql's \getenv, PostgreSQL 15
-- and newer); an unset one leaves the :'…' unexpanded and the script stops with a syntax error.
\getenv temporal_password TEMPORAL_DB_PASSWORD
\getenv owner_password CASEFLOW_DB_PASSWORD
\getenv app_password CASEFLOW_APP_DB_PASSWORD

-- Temporal's role. `caseflow setup schema` (the temporal-schema job) creates its two databases, temporal
-- and temporal_visibility, owned by it, and installs their schemas with temporal-sql-tool.
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';

-- caseflow's database and its owner: the `migrate` job connects as the owner, creates every table and
-- grants the runtime role its rights (db/runtime-role.ts).
CREATE ROLE caseflow LOGIN PASSWORD :'owner_password';
CREATE DATABASE caseflow OWNER caseflow;

-- The workers' and the API's role: reads and writes caseflow's tables, only INSERT and SELECT on the audit
-- log, no DDL. It owns nothing, so it can neither ALTER nor DROP.
CREATE ROLE caseflow_app LOGIN PASSWORD :'app_password';
REVOKE ALL ON DATABASE caseflow FROM PUBLIC;
GRANT CONNECT ON DATABASE caseflow TO caseflow_app;

-- No one but the owner creates objects in caseflow's schema (PostgreSQL 15 and newer already keep PUBLIC
-- from creating in `public`; older servers grant it, so say it for them).
\connect caseflow
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

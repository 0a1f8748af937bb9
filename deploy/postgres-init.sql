-- caseflow's projections live in their own database and role, beside Temporal's.
CREATE ROLE caseflow LOGIN PASSWORD 'caseflow';
CREATE DATABASE caseflow OWNER caseflow;

-- A fact file commits its rows with its manifest row first; repeated keys are resolved in a second
-- transaction (deleting rows appended in the same transaction made DuckDB's commit rewrite them,
-- 6 s of CPU on a 5M-line file). Until that second step commits, the file is marked here, and the
-- next ingest finishes it before anything else.
ALTER TABLE ingest_files ADD COLUMN repeats_resolved BOOLEAN DEFAULT true;

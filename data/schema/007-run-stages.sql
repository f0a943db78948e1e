-- Which stages of a run finished. A run is what readers see only once its `complete` row is in:
-- forecast_runs.status = 'done' says the forecast finished, not that restock, produce and brand
-- insights did (a kill during restock used to leave a done run with no suggestions).
CREATE TABLE run_stages (
  run_id      VARCHAR NOT NULL,
  stage       VARCHAR NOT NULL,   -- forecast | restock | produce | brand-insights | complete
  finished_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, stage)
);

-- Runs finished before this table existed, and holding suggestions, were complete.
INSERT INTO run_stages
SELECT run_id, 'complete', coalesce(finished_at, started_at) FROM forecast_runs
WHERE status = 'done' AND run_id IN (SELECT DISTINCT run_id FROM restock_suggestions);

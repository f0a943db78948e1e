-- A calendar effect is an estimate: the forecast multiplies a day by exp(log effect) whose posterior
-- sd the estimation knows. One SKU's multiplier is the same on every node and shared by every day of
-- the effect's window, so restock adds it to a span's variance as (sum of mean x relative sd)^2,
-- relative sd = sqrt(exp(log_sd^2) - 1), like level_cv (pipelines/restock/daily-forecast.ts). One row per SKU and horizon day that carries an
-- effect with a known spread; no row means no effect uncertainty.
CREATE TABLE forecast_effect_sd (
  run_id VARCHAR NOT NULL,
  sku    VARCHAR NOT NULL,
  h      INTEGER NOT NULL,
  log_sd DOUBLE NOT NULL,
  PRIMARY KEY (run_id, sku, h)
);

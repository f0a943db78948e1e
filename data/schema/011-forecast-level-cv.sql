-- The restock math adds the uncertainty of a forecast's level, which every day of a span shares,
-- as (level_cv x span mean)^2 (pipelines/restock/daily-forecast.ts); the backtest forecaster always
-- did, the nightly path had no way to. The fast path stores it beside the dispersion; NULL where
-- not known (rows written before this column, series the full core forecast).
ALTER TABLE forecast_dispersion ADD COLUMN level_cv DOUBLE;

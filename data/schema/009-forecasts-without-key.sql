-- forecasts loses its primary key. Every writer replaces a run's rows whole (DELETE by run_id, then
-- INSERT), so the key never caught a duplicate, while maintaining its index was most of merging
-- the shard outputs (`npm run bench:jobs` prints the merge: 1.5-1.7 s with the key, 0.9-1.0 s
-- without, on the demo) and a cost of the in-process write. DuckDB cannot drop a key in place: the table is rebuilt and swapped (each
-- migration is checkpointed, so a kill leaves either table whole).
CREATE TABLE forecasts_rebuilt (
  run_id   VARCHAR NOT NULL,
  level    VARCHAR NOT NULL,
  node_id  VARCHAR NOT NULL,
  sku      VARCHAR NOT NULL,
  day      DATE NOT NULL,
  h        INTEGER NOT NULL,
  mean     DOUBLE NOT NULL,
  q50      DOUBLE, q80 DOUBLE, q90 DOUBLE, q95 DOUBLE, q99 DOUBLE,
  model    VARCHAR
);
INSERT INTO forecasts_rebuilt SELECT * FROM forecasts ORDER BY run_id, level, node_id, sku, day;
DROP TABLE forecasts;
ALTER TABLE forecasts_rebuilt RENAME TO forecasts;

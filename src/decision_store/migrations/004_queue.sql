-- The workbench queue without reading the audit trail or every alert (decision_store/worklist.cc):
-- the name screened and the list (the entity id's "dataset:" prefix), kept on the alert when it is
-- raised (the name was read from the screening's audit record, a JSON text, for each row of each
-- page); the number of alerts by status, kept by triggers (004_queue.sqlite.sql,
-- 004_queue.postgres.sql) so that the counts and the total of a status-only queue are read from a
-- handful of rows, not by counting every alert; and an index for each filter of the queue that
-- reads no row: one list by score, and an assignee (or nobody) by date.
ALTER TABLE alerts ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN dataset TEXT NOT NULL DEFAULT '';
CREATE TABLE alert_counts (
  status TEXT PRIMARY KEY,
  n BIGINT NOT NULL
);
INSERT INTO alert_counts (status, n) SELECT status, COUNT(*) FROM alerts GROUP BY status;
DROP INDEX alerts_status;         -- a prefix of alerts_status_id
DROP INDEX alerts_status_entity;  -- a range of entity ids: replaced by alerts_status_dataset
CREATE INDEX alerts_status_dataset ON alerts (status, dataset, score, id);
CREATE INDEX alerts_status_assignee ON alerts (status, assignee, created_at, id);

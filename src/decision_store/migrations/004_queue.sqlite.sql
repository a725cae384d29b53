-- 004_queue.sql in SQLite: the names and lists of the alerts raised before it, the triggers that
-- keep alert_counts (an alert's status changes by UPDATE; alerts are not deleted, but a count must
-- not drift if one is), and the planner's statistics.
UPDATE alerts SET dataset = substr(entity_id, 1, instr(entity_id, ':') - 1), customer_name = COALESCE(
  (SELECT CASE WHEN json_valid(content) AND json_type(content, '$.input.name') = 'text'
               THEN json_extract(content, '$.input.name') END
     FROM audit_records WHERE audit_records.seq = alerts.record_seq), '');
CREATE TRIGGER alert_counts_insert AFTER INSERT ON alerts BEGIN
  INSERT INTO alert_counts (status, n) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = alert_counts.n + 1;
END;
CREATE TRIGGER alert_counts_update AFTER UPDATE OF status ON alerts WHEN OLD.status <> NEW.status BEGIN
  UPDATE alert_counts SET n = n - 1 WHERE status = OLD.status;
  INSERT INTO alert_counts (status, n) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = alert_counts.n + 1;
END;
CREATE TRIGGER alert_counts_delete AFTER DELETE ON alerts BEGIN
  UPDATE alert_counts SET n = n - 1 WHERE status = OLD.status;
END;
-- Without statistics SQLite takes any index whose first column is status for "status IN (...)
-- ORDER BY id", and one that sorts by score reads every alert to do it. The shape of a large store
-- (few statuses, unique ids, a few alerts per customer) lets it choose as ANALYZE would; an
-- ANALYZE replaces these rows with measured ones.
ANALYZE sqlite_schema;
DELETE FROM sqlite_stat1 WHERE tbl = 'alerts';
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
  ('alerts', 'sqlite_autoindex_alerts_1', '1000000 1'),
  ('alerts', 'alerts_status_id', '1000000 200000 1'),
  ('alerts', 'alerts_status_score', '1000000 200000 20 1'),
  ('alerts', 'alerts_status_created', '1000000 200000 10 1'),
  ('alerts', 'alerts_status_dataset', '1000000 200000 20000 10 1'),
  ('alerts', 'alerts_status_assignee', '1000000 200000 20000 10 1'),
  ('alerts', 'alerts_customer', '1000000 5'),
  ('alerts', 'alerts_assignee', '1000000 10000'),
  ('alerts', 'alerts_entity', '1000000 5');
ANALYZE sqlite_schema;

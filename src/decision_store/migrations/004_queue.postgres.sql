-- 004_queue.sql in PostgreSQL: the names and lists of the alerts raised before it, and the triggers that
-- keep alert_counts: once per statement, from its transition tables, so that a batch of alerts
-- moves each count once. Writers of alerts already hold the chain head's row lock, so the
-- counts' rows add no new wait.
UPDATE alerts SET dataset = CASE WHEN strpos(entity_id, ':') > 0 THEN split_part(entity_id, ':', 1) ELSE '' END,
  customer_name = COALESCE(
  (SELECT CASE WHEN jsonb_typeof(content::jsonb -> 'input' -> 'name') = 'string'
               THEN content::jsonb -> 'input' ->> 'name' END
     FROM audit_records WHERE audit_records.seq = alerts.record_seq), '');
CREATE FUNCTION alert_counts_move() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO alert_counts (status, n) SELECT status, COUNT(*) FROM added GROUP BY status
      ON CONFLICT (status) DO UPDATE SET n = alert_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE alert_counts c SET n = c.n - d.k
      FROM (SELECT status, COUNT(*) AS k FROM removed GROUP BY status) d WHERE c.status = d.status;
  ELSE
    INSERT INTO alert_counts (status, n)
      SELECT status, SUM(k) FROM (SELECT status, -1 AS k FROM removed UNION ALL SELECT status, 1 FROM added) m
       GROUP BY status HAVING SUM(k) <> 0
      ON CONFLICT (status) DO UPDATE SET n = alert_counts.n + excluded.n;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER alert_counts_insert AFTER INSERT ON alerts REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION alert_counts_move();
CREATE TRIGGER alert_counts_update AFTER UPDATE ON alerts REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION alert_counts_move();
CREATE TRIGGER alert_counts_delete AFTER DELETE ON alerts REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION alert_counts_move();

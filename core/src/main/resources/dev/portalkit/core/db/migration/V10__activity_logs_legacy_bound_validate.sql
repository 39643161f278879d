SET LOCAL lock_timeout = '5s';
-- portalkit-core, version 10: scans activity_logs under SHARE UPDATE EXCLUSIVE (reads and writes go on).
ALTER TABLE activity_logs VALIDATE CONSTRAINT activity_logs_legacy_bound;

SET LOCAL lock_timeout = '5s';
-- portalkit-messaging, version 7: scans email_logs under SHARE UPDATE EXCLUSIVE (reads and writes go on).
ALTER TABLE email_logs VALIDATE CONSTRAINT email_logs_legacy_bound;

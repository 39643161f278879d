-- portalkit-messaging, version 4: the old table's copy of the partitioned table's message_id index
-- (V8), so ATTACH finds it and builds nothing under its lock. Concurrent, alone, outside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS email_logs_message_id_idx ON email_logs (message_id);

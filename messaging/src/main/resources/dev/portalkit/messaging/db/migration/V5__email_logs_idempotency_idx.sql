-- portalkit-messaging, version 5: the old table's copy of the partitioned table's (non-unique)
-- idempotency key index (V8; uniqueness moves to email_log_keys, V2). Concurrent, alone, outside a
-- transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS email_logs_idempotency_idx ON email_logs (idempotency_key)
    WHERE idempotency_key IS NOT NULL;

SET LOCAL lock_timeout = '5s';
-- portalkit-messaging, version 2: idempotency keys in a table of their own. email_logs becomes a table
-- partitioned by month (V8), and a unique index of a partitioned table must hold the partition key
-- (created_at): it could no longer make an idempotency key unique across months. This small table
-- does: queue inserts the key here first (ON CONFLICT DO NOTHING waits for a racing insert of the same
-- key to commit or roll back), and writes the e-mail only if it got the key. Rows from before this
-- version have no row here; queue still finds them through email_logs' own index first.
-- created_at is the e-mail's, so retention removes a dropped month's keys with it.
CREATE TABLE email_log_keys (
    idempotency_key  text        PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_at       timestamptz NOT NULL
);
CREATE INDEX email_log_keys_created_idx ON email_log_keys (created_at);

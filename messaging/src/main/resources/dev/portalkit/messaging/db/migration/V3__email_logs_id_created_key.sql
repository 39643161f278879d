-- portalkit-messaging, version 3 (of V3 to V8: email_logs partitioned by month without a long lock).
-- The primary key of a partitioned table must hold the partition key: V8 makes this index the old
-- table's primary key (catalog only) before it attaches the old table as the first partition. Built
-- CONCURRENTLY (writers keep writing), alone and outside a transaction (the .conf). A failed build
-- leaves an INVALID index: DROP INDEX CONCURRENTLY it, repair the Flyway history, start again.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS email_logs_id_created_key ON email_logs (id, created_at);

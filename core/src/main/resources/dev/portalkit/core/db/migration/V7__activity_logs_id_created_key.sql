-- portalkit-core, version 7 (of V7 to V11: activity_logs partitioned by month without a long lock, as
-- messaging's V3 to V8 did for email_logs). The primary key of a partitioned table must hold the
-- partition key (created_at): V11 makes this index the old table's primary key (catalog only) before it
-- attaches the old table as the first partition. Built CONCURRENTLY (writers keep writing), alone and
-- outside a transaction (the .conf). A failed build leaves an INVALID index: DROP INDEX CONCURRENTLY it,
-- repair the Flyway history, start again.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS activity_logs_id_created_key ON activity_logs (id, created_at);

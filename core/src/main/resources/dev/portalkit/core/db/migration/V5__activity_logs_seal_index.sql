-- portalkit-core, version 5: the index the sealer and verify() read activity_logs by, in seal
-- order (txid, seq). activity_logs may be large, so it is built CONCURRENTLY (writers keep
-- writing), which cannot run inside a transaction: this migration holds nothing else, and Flyway
-- runs it outside one (V5__activity_logs_seal_index.sql.conf). Should the build fail, PostgreSQL
-- leaves an INVALID index behind and Flyway a failed history row: DROP INDEX CONCURRENTLY
-- portal.activity_logs_seal_idx, repair the history (flyway repair) and start the Portal again.
-- Until it exists the sealer is correct, only slower (it scans).
CREATE INDEX CONCURRENTLY IF NOT EXISTS activity_logs_seal_idx ON activity_logs (txid, seq);

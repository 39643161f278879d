-- portalkit-content, version 4: the index publishDue finds due publications by (only cards with a
-- publish_at, live). resource_cards may be large, so it is built CONCURRENTLY (writers keep writing), which
-- cannot run inside a transaction: this migration holds nothing else, and Flyway runs it outside one
-- (V4__resource_cards_publish_due_idx.sql.conf). Should the build fail, PostgreSQL leaves an INVALID index
-- behind and Flyway a failed history row: DROP INDEX CONCURRENTLY portal.resource_cards_publish_due_idx,
-- repair the history (flyway repair) and start the Portal again. Until it exists publishDue is correct, only
-- slower (it scans).
CREATE INDEX CONCURRENTLY IF NOT EXISTS resource_cards_publish_due_idx ON resource_cards (publish_at)
    WHERE publish_at IS NOT NULL AND deleted_at IS NULL;

-- portalkit-content, version 5: the index publishDue finds due unpublications by, built CONCURRENTLY
-- outside a transaction as V4's (V5__resource_cards_unpublish_due_idx.sql.conf; the same repair if it fails).
CREATE INDEX CONCURRENTLY IF NOT EXISTS resource_cards_unpublish_due_idx ON resource_cards (unpublish_at)
    WHERE unpublish_at IS NOT NULL AND deleted_at IS NULL;

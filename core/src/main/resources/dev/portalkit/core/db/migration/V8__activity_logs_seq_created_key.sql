-- portalkit-core, version 8: as V7, for seq. A unique index of a partitioned table must hold created_at,
-- so (seq, created_at) replaces the unique seq in V11; seq stays unique because one identity sequence
-- hands it out. Its leading column serves the keyset pages (seq < cursor ORDER BY seq DESC) as the old
-- index did. CONCURRENTLY, alone, outside a transaction (the .conf).
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS activity_logs_seq_created_key ON activity_logs (seq, created_at);

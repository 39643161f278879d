-- Step 2 of a backfill (README, "Migrations"): the rows written before V2's triggers, in batches, each its own
-- transaction (this migration runs outside one: V3__card_tags_backfill.sql.conf, so the DO block may COMMIT).
-- A batch locks its cards FOR SHARE (writers of those cards wait one batch, nobody else waits) and reads them after
-- the lock, so it copies their latest committed state; ON CONFLICT DO NOTHING leaves rows a trigger wrote alone.
-- Interrupted, it is safe to run again: Flyway marks it failed; repair the history and start again.
DO $$
DECLARE
    last_id uuid := '00000000-0000-0000-0000-000000000000';
    batch uuid[];
BEGIN
    LOOP
        SELECT array_agg(id ORDER BY id) INTO batch
          FROM (SELECT id FROM cards WHERE id > last_id ORDER BY id LIMIT 500 FOR SHARE) b;
        EXIT WHEN batch IS NULL;
        INSERT INTO card_tags (card_id, tag, status, position)
        SELECT DISTINCT c.id, tag, c.status, c.position
          FROM cards c, unnest(c.tags) AS tag
         WHERE c.id = ANY (batch) AND c.deleted_at IS NULL
        ON CONFLICT (card_id, tag) DO NOTHING;
        last_id := batch[cardinality(batch)];
        COMMIT;
    END LOOP;
END
$$;

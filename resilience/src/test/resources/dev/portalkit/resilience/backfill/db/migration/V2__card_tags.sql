-- Step 1 of a backfill (README, "Migrations"): the new table and the triggers that keep it right, first. From this
-- migration's commit on, every write to cards also writes card_tags; the lock CREATE TRIGGER takes on cards
-- (SHARE ROW EXCLUSIVE: writes wait, reads go on) lasts this short transaction and is bounded by lock_timeout.
SET LOCAL lock_timeout = '5s';

-- A new table: keyed and indexed at once (it is empty), no CONCURRENTLY needed.
CREATE TABLE card_tags (
    card_id   uuid     NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    tag       text     NOT NULL,
    status    text     NOT NULL,
    position  integer  NOT NULL,
    PRIMARY KEY (card_id, tag)
);
CREATE INDEX card_tags_tag_idx ON card_tags (tag, position);

-- One function for inserts and updates: it makes the card's rows what they must be, whatever is there already
-- (an upsert, and a delete of lost tags), so it and the backfill may meet on a card in any order.
CREATE FUNCTION card_tags_sync() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    DELETE FROM card_tags WHERE card_id = NEW.id AND (NEW.deleted_at IS NOT NULL OR tag <> ALL (NEW.tags));
    IF NEW.deleted_at IS NULL THEN
        INSERT INTO card_tags AS t (card_id, tag, status, position)
        SELECT DISTINCT NEW.id, tag, NEW.status, NEW.position FROM unnest(NEW.tags) AS tag
        ON CONFLICT (card_id, tag) DO UPDATE SET status = excluded.status, position = excluded.position
         WHERE (t.status, t.position) IS DISTINCT FROM (excluded.status, excluded.position);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER card_tags_sync AFTER INSERT OR UPDATE OF tags, status, position, deleted_at ON cards
    FOR EACH ROW EXECUTE FUNCTION card_tags_sync();

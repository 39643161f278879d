-- portalkit-content, version 2: resource_card_tags, so that listing cards by tag is a range scan.
--
-- Before this, a tag list walked resource_cards_list_idx in list order and filtered
-- tags @> ARRAY[tag]: it read every card placed before the page's last match, O(table) for a rare
-- tag or one whose cards sit late in the list. The GIN index finds the cards but not in list order.
-- resource_card_tags holds one row per (live card, tag), with the card's list-order columns and the
-- columns the list filters on copied beside the tag, and btree indexes in list order: a page by tag
-- is one index range scan of a page's length, joined to resource_cards by primary key.
--
-- The table follows resource_cards through triggers, so no code path (PortalKit's or a host's own
-- SQL) can forget it. Never write it directly. Rows exist for live cards only: a soft delete removes
-- a card's rows, a restore writes them again, and deleting the card itself cascades.

-- Held to the end of this migration: no card may change between the back-fill and the triggers.
-- Reads of resource_cards go on; writes wait (about a second per 100,000 cards on a small machine).
LOCK TABLE resource_cards IN SHARE ROW EXCLUSIVE MODE;

-- Every column but tag is a copy of the card's (created_at included: it is the card's, not the row's).
-- Filled first, keyed and indexed after: on a large table that is several times faster than
-- checking the key and the foreign key row by row, and writes to resource_cards wait meanwhile.
CREATE TABLE resource_card_tags (
    card_id     uuid        NOT NULL,
    tag         text        NOT NULL,
    status      text        NOT NULL,
    category    text,
    position    integer     NOT NULL,
    created_at  timestamptz NOT NULL
);
COMMENT ON TABLE resource_card_tags IS
    'One row per tag of each live resource card, kept by triggers on resource_cards: never write it.';

INSERT INTO resource_card_tags (card_id, tag, status, category, position, created_at)
SELECT DISTINCT c.id, tag, c.status, c.category, c.position, c.created_at
  FROM resource_cards c, unnest(c.tags) AS tag
 WHERE c.deleted_at IS NULL;

-- The key also serves the foreign key and the triggers' look-ups by card.
ALTER TABLE resource_card_tags
    ADD CONSTRAINT resource_card_tags_pkey PRIMARY KEY (card_id, tag),
    ADD CONSTRAINT resource_card_tags_card_fkey FOREIGN KEY (card_id) REFERENCES resource_cards (id) ON DELETE CASCADE;

-- The list order is position ascending, then newest first (created_at DESC, id DESC). These
-- indexes hold it reversed, all ascending: (-position, created_at, card_id). Scanned backwards
-- they give the list order, and "after the cursor" is one row comparison,
-- (-position, created_at, card_id) < (-p, c, id), that the scan starts from (an index condition),
-- where the mixed directions of the list order would need an OR that no index can seek.
-- Readers see published cards only: the partial index is what their lists read.
CREATE INDEX resource_card_tags_published_idx ON resource_card_tags (tag, (-position), created_at, card_id)
    WHERE status = 'PUBLISHED';
-- Editors see every live card.
CREATE INDEX resource_card_tags_list_idx ON resource_card_tags (tag, (-position), created_at, card_id);

-- Inserts: once per statement, over the inserted rows, so a bulk INSERT ... SELECT stays one INSERT.
CREATE FUNCTION resource_card_tags_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    INSERT INTO resource_card_tags (card_id, tag, status, category, position, created_at)
    SELECT DISTINCT n.id, tag, n.status, n.category, n.position, n.created_at
      FROM inserted_cards n, unnest(n.tags) AS tag
     WHERE n.deleted_at IS NULL;
    RETURN NULL;
END;
$$;
CREATE TRIGGER resource_card_tags_insert
    AFTER INSERT ON resource_cards
    REFERENCING NEW TABLE AS inserted_cards
    FOR EACH STATEMENT EXECUTE FUNCTION resource_card_tags_insert();

-- Updates: per row, and only when a copied column, the tags or the deletion changed (a statement
-- trigger could not name its columns). Removes the rows of tags the card lost (all of them when it
-- is soft-deleted), then writes the others, rewriting only rows whose copies are out of date.
CREATE FUNCTION resource_card_tags_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    DELETE FROM resource_card_tags
     WHERE card_id = OLD.id AND (NEW.deleted_at IS NOT NULL OR tag <> ALL (NEW.tags));
    IF NEW.deleted_at IS NULL THEN
        INSERT INTO resource_card_tags AS t (card_id, tag, status, category, position, created_at)
        SELECT DISTINCT NEW.id, tag, NEW.status, NEW.category, NEW.position, NEW.created_at
          FROM unnest(NEW.tags) AS tag
        ON CONFLICT (card_id, tag) DO UPDATE
           SET status = excluded.status, category = excluded.category, position = excluded.position,
               created_at = excluded.created_at
         WHERE (t.status, t.category, t.position, t.created_at)
               IS DISTINCT FROM (excluded.status, excluded.category, excluded.position, excluded.created_at);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER resource_card_tags_update
    AFTER UPDATE OF tags, status, category, position, created_at, deleted_at ON resource_cards
    FOR EACH ROW
    WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.category IS DISTINCT FROM NEW.category OR OLD.position IS DISTINCT FROM NEW.position
          OR OLD.created_at IS DISTINCT FROM NEW.created_at
          OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
    EXECUTE FUNCTION resource_card_tags_update();

ANALYZE resource_card_tags;

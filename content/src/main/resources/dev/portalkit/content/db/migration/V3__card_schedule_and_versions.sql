-- portalkit-content, version 3 (issue #21): scheduled publishing of resource cards, and the version
-- history of each card with its steps. Expand only: nullable columns and a new table, so the previous
-- release's code keeps working on this schema (it neither schedules nor records versions). The indexes
-- on resource_cards are built CONCURRENTLY by V4 and V5, and V6 validates this migration's CHECK.
SET LOCAL lock_timeout = '5s';

-- ---------------------------------------------------------------------------------------------
-- What is still to happen to a card: publish_at (a DRAFT or ARCHIVED card becomes PUBLISHED) and
-- unpublish_at (a PUBLISHED card goes back to DRAFT). Reads treat a card as published from
-- publish_at on, and as unpublished from unpublish_at on; ResourceService.publishDue persists the
-- change and clears the time it consumed.
ALTER TABLE resource_cards
    ADD COLUMN publish_at   timestamptz,
    ADD COLUMN unpublish_at timestamptz,
    -- NOT VALID: new rows are checked at once, no scan under this ALTER's lock (the columns are new,
    -- so every row passes); V6 validates it.
    ADD CONSTRAINT resource_cards_schedule_order CHECK (unpublish_at > publish_at) NOT VALID;

-- ---------------------------------------------------------------------------------------------
-- resource_card_versions: one row per change of a card or of its steps, numbered 1, 2, 3 ... per
-- card without gaps (the number is taken under the card's row lock, which every change holds; the
-- unique key is the last word). The snapshot is the card's editable fields, its status and schedule,
-- and its steps in order, as they were after the change. A version goes with its card (ON DELETE
-- CASCADE); it outlives the user who made it (actor_id ON DELETE SET NULL; erased by the content
-- module's personal-data part).
CREATE TABLE resource_card_versions (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    card_id     uuid        NOT NULL CONSTRAINT resource_card_versions_card_fkey
                            REFERENCES resource_cards (id) ON DELETE CASCADE,
    number      integer     NOT NULL CHECK (number >= 1),
    actor_id    uuid        CONSTRAINT resource_card_versions_actor_fkey REFERENCES users (id) ON DELETE SET NULL,
    -- The audit action of the change ('resource_card.updated', 'resource_step.moved', ...).
    change      text        NOT NULL CHECK (change ~ '^[a-z_]+\.[a-z_]+$' AND length(change) <= 100),
    snapshot    jsonb       NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Its index (card_id, number) serves the foreign key, the newest-first list and the next number.
    CONSTRAINT resource_card_versions_number_key UNIQUE (card_id, number)
);
CREATE INDEX resource_card_versions_actor_idx ON resource_card_versions (actor_id);
CREATE TRIGGER resource_card_versions_touch BEFORE UPDATE ON resource_card_versions
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

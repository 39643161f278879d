-- An exclusion constraint that needs btree_gist, as billing's bookings_no_overlap does: the shape a
-- schema-only dump loses, for the start-up schema check's tests.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA ${flyway:defaultSchema};
CREATE TABLE demo_slots (
    id      uuid      PRIMARY KEY DEFAULT gen_random_uuid(),
    item_id uuid      NOT NULL REFERENCES demo_items (id) ON DELETE CASCADE,
    during  tstzrange NOT NULL,
    CONSTRAINT demo_slots_no_overlap EXCLUDE USING gist (item_id WITH =, during WITH &&)
);

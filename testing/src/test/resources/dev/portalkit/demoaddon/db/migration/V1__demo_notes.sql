-- References the demo module's table: only works when that module was migrated first.
CREATE TABLE demo_notes (
    id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    item_id uuid NOT NULL REFERENCES demo_items (id) ON DELETE CASCADE,
    body    text NOT NULL
);
CREATE INDEX demo_notes_item_idx ON demo_notes (item_id);

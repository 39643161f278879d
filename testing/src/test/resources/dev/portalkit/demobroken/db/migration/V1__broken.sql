-- Fails on purpose (the referenced table does not exist): for the tests of PK-1002's message.
CREATE TABLE demo_broken (
    id      integer PRIMARY KEY,
    item_id integer REFERENCES no_such_table (id)
);

-- The host's own migration (Boot's Flyway, history in public.flyway_schema_history): a table of the
-- host's with a foreign key into PortalKit's schema, so PortalKit's migrations must run first.
CREATE TABLE orders (
    id      bigserial PRIMARY KEY,
    user_id uuid      NOT NULL REFERENCES portal.users (id),
    note    text      NOT NULL
);
-- The application's role (the same as Flyway's unless roles are split, as under PORTALKIT_TEST_ROLES=split).
GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO "${runtime_role}";
GRANT USAGE ON SEQUENCE orders_id_seq TO "${runtime_role}";

-- portalkit-core, version 2: the actor directory of the audit trail, as a view.
-- An audit row keeps a snapshot of its actor's e-mail and role, read from this view by the INSERT
-- itself (no round trip of its own). Core knows no people, so it is empty here; the module that
-- owns them (portalkit-auth: users) replaces it in its own migration with
-- CREATE OR REPLACE VIEW activity_actors (id, email, role) AS SELECT ... (same columns and types).
-- One module per Portal owns it.
CREATE VIEW activity_actors (id, email, role) AS
    SELECT NULL::uuid, NULL::text, NULL::text WHERE false;

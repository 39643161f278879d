-- portalkit-auth, version 2: users are the audit trail's actors (see core's V2__activity_actors.sql).
-- Deleted users stay listed: their audit rows still name them.
CREATE OR REPLACE VIEW activity_actors (id, email, role) AS
    SELECT id, email, role::text FROM users;

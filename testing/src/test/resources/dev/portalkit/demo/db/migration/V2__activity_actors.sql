-- The demo module's people are the audit trail's actors.
CREATE OR REPLACE VIEW activity_actors (id, email, role) AS
    SELECT id, email, role FROM demo_people;

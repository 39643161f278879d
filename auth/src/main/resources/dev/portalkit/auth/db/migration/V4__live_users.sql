-- portalkit-auth, version 4: what other modules may read of users. Their mapper XML reads this view,
-- never the users table, so the rule for a live user (not soft-deleted) is written once, here.
-- A simple view: PostgreSQL lets a statement lock its rows (FOR KEY SHARE locks the users row), and
-- a query on it uses the users table's indexes. Columns may be added at the end, never changed.
CREATE VIEW live_users (id, email, display_name, role, status, created_at) AS
    SELECT id, email, display_name, role::text, status, created_at
      FROM users
     WHERE deleted_at IS NULL;

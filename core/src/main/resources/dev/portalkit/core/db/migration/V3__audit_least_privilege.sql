-- portalkit-core, version 3: the audit trail under two roles (README, "Least privilege: two roles").
-- The schema's owner migrates; the runtime role gets DML on every table, here or through
-- ALTER DEFAULT PRIVILEGES, which cannot leave out one table. So this migration takes back what
-- the audit trail must not give: UPDATE, DELETE and TRUNCATE on activity_logs (append-only: its
-- triggers refuse them too, but privileges are the wall that holds when a trigger is off), and every
-- write to activity_log_head but the one its chain trigger makes.

-- The chain trigger moves the head as the function's owner, so the runtime role needs no write
-- right on activity_log_head: it cannot rewind the sequence or plant a hash there. Safe as
-- SECURITY DEFINER: a trigger function cannot be called directly, and its search_path is pinned.
ALTER FUNCTION activity_logs_chain() SECURITY DEFINER;
REVOKE ALL ON FUNCTION activity_logs_chain() FROM PUBLIC;

-- Revoked from every grantee but the owner, PUBLIC included (grantee 0). Grants made later (a
-- GRANT ... ON ALL TABLES) are the host's: the start-up check reports them.
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN
        SELECT DISTINCT c.oid::regclass AS tab,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS who,
               CASE WHEN c.relname = 'activity_logs' THEN 'UPDATE, DELETE, TRUNCATE'
                    ELSE 'INSERT, UPDATE, DELETE, TRUNCATE' END AS what
          FROM pg_class c
         CROSS JOIN LATERAL aclexplode(c.relacl) a
          LEFT JOIN pg_roles r ON r.oid = a.grantee
         WHERE c.oid IN ('activity_logs'::regclass, 'activity_log_head'::regclass)
           AND a.grantee <> c.relowner
           AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
    LOOP
        EXECUTE format('REVOKE %s ON %s FROM %s', g.what, g.tab, g.who);
    END LOOP;
END
$$;

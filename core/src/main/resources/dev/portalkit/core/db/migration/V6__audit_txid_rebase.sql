-- portalkit-core, version 6: the seal order survives a move to another PostgreSQL cluster.
-- The sealer orders rows by the id of their transaction (txid) and seals only those below the
-- oldest running transaction. Transaction ids count per cluster: after pg_dump/pg_restore (or a
-- logical replica's promotion) into a cluster whose counter is behind, new rows would get txids
-- below rows already sealed, and would never be sealed. So ids in activity_logs are the cluster's
-- id plus a shift; when the database is found holding a txid the cluster has not handed out yet
-- (it came from elsewhere), activity_logs_rebase() raises the shift past it. The owner runs it at
-- every APPLY build (MigrationRunner); a VALIDATE build refuses to start until that has happened.

CREATE TABLE activity_log_txid_shifts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shift       bigint      NOT NULL CHECK (shift > 0),
    above       xid8        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE activity_log_txid_shifts IS
    'Append-only. Each row raised activity_logs.txid''s default by shift, past the foreign txid above.';
CREATE TRIGGER activity_log_txid_shifts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON activity_log_txid_shifts
    FOR EACH STATEMENT EXECUTE FUNCTION portalkit_refuse_change();

-- The shift in force: the sum of all rows (0 before any move).
CREATE FUNCTION activity_logs_txid_shift() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path = ${flyway:defaultSchema}
AS $$
    SELECT coalesce(sum(shift), 0)::bigint FROM activity_log_txid_shifts
$$;

-- The highest txid activity_logs holds that this cluster has not handed out yet (shift included),
-- or NULL when there is none: then the seal order holds. Rows of transactions still running are
-- not visible here, and their ids are below the snapshot's xmax anyway. Reads the top of
-- activity_logs_seal_idx (V5): one index probe.
CREATE FUNCTION activity_logs_foreign_txid() RETURNS xid8
    LANGUAGE sql STABLE
    SET search_path = ${flyway:defaultSchema}
AS $$
    SELECT top FROM (SELECT max(txid) AS top FROM activity_logs) m
     WHERE top::text::numeric >= pg_snapshot_xmax(pg_current_snapshot())::text::numeric + activity_logs_txid_shift()
$$;

-- Raises the shift past a foreign txid, if there is one; returns the shift added (0: none needed).
-- Owner only (ALTER TABLE); the table lock makes concurrent writers wait for the new default.
CREATE FUNCTION activity_logs_rebase() RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
DECLARE
    foreign_top xid8;
    added bigint;
BEGIN
    -- Nothing to do is the common case: no lock, no right beyond SELECT needed for it.
    IF activity_logs_foreign_txid() IS NULL THEN
        RETURN 0;
    END IF;
    LOCK TABLE activity_logs IN SHARE ROW EXCLUSIVE MODE;
    foreign_top := activity_logs_foreign_txid();
    IF foreign_top IS NULL THEN
        RETURN 0;
    END IF;
    added := (foreign_top::text::numeric + 1
              - pg_snapshot_xmax(pg_current_snapshot())::text::numeric - activity_logs_txid_shift())::bigint;
    INSERT INTO activity_log_txid_shifts (shift, above) VALUES (added, foreign_top);
    EXECUTE format('ALTER TABLE activity_logs ALTER COLUMN txid SET DEFAULT '
                   '(pg_current_xact_id()::text::numeric + %s)::text::xid8', activity_logs_txid_shift());
    RETURN added;
END;
$$;
REVOKE ALL ON FUNCTION activity_logs_rebase() FROM PUBLIC;

-- Least privilege, as V3 and V4: the runtime role reads the shifts, never writes them.
SELECT portalkit_revoke_writes('activity_log_txid_shifts', 'INSERT, UPDATE, DELETE, TRUNCATE');

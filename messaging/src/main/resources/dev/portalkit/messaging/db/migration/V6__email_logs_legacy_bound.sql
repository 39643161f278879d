SET LOCAL lock_timeout = '5s';
-- portalkit-messaging, version 6: the bound of the old table as a partition. V8 attaches the existing
-- email_logs as the partition of every row before a month boundary; with this CHECK validated (V7, a
-- scan under a lock that lets reads and writes go on), ATTACH needs no scan under its strong lock.
-- The boundary lies at least one whole month ahead (writers go on writing rows of "now" until V8
-- commits) and after the latest row there is (a host clock ahead of the database's): the start of the
-- month after next, or of the month after the latest created_at, whichever is later. V8 reads it back
-- from the constraint. Rows from before the boundary stay in that partition until retention drops it whole.
DO $$
DECLARE
    boundary timestamptz;
BEGIN
    SELECT greatest(date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months',
                    date_trunc('month', max(created_at) AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC'
      INTO boundary
      FROM email_logs;
    EXECUTE format('ALTER TABLE email_logs ADD CONSTRAINT email_logs_legacy_bound CHECK (created_at < %L) NOT VALID',
                   to_char(boundary AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
END $$;

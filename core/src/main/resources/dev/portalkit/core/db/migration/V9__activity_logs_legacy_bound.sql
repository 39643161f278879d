SET LOCAL lock_timeout = '5s';
-- portalkit-core, version 9: the bound of the old table as a partition (messaging's V6, for
-- activity_logs). V11 attaches the existing activity_logs as the partition of every row before a month
-- boundary; with this CHECK validated (V10, a scan under a lock that lets reads and writes go on), ATTACH
-- needs no scan under its strong lock. The boundary lies at least one whole month ahead (writers go on
-- writing rows of "now" until V11 commits) and after the latest row there is: the start of the month
-- after next, or of the month after the latest created_at, whichever is later. Reading max(created_at)
-- scans the table (no index has it first) but only under ACCESS SHARE: writers go on meanwhile.
DO $$
DECLARE
    boundary timestamptz;
BEGIN
    SELECT greatest(date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months',
                    date_trunc('month', max(created_at) AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC'
      INTO boundary
      FROM activity_logs;
    EXECUTE format('ALTER TABLE activity_logs ADD CONSTRAINT activity_logs_legacy_bound CHECK (created_at < %L) NOT VALID',
                   to_char(boundary AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
END $$;

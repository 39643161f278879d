SET LOCAL lock_timeout = '5s';
-- portalkit-messaging, version 8: email_logs partitioned by month on created_at (UTC months), so old
-- months leave by DETACH and DROP instead of a DELETE that scans, and no index grows without bound.
-- The existing table becomes the first partition, as it is: every statement here changes the catalog
-- only (V3 to V5 built its indexes CONCURRENTLY, V7 validated the bound ATTACH needs), so the lock on
-- email_logs lasts milliseconds. The previous release's statements name email_logs and its columns,
-- which stay; see messaging/README.md ("Partitions") for the one that cannot work on a partitioned table.

-- 1. The existing table's index and constraint names go to the parent (index names are per schema);
-- its indexes keep theirs with a _legacy suffix, so a plan still names the index it uses.
-- The key of a partitioned table must hold the partition key: (id, created_at), built by V3.
ALTER TABLE email_logs DROP CONSTRAINT email_logs_pkey;
ALTER TABLE email_logs ADD CONSTRAINT email_logs_legacy_pkey PRIMARY KEY USING INDEX email_logs_id_created_key;
-- Stays unique within this partition (the parent cannot make it unique across months).
ALTER TABLE email_logs RENAME CONSTRAINT email_logs_message_id_key TO email_logs_legacy_message_id_key;
ALTER INDEX email_logs_idempotency_key RENAME TO email_logs_idempotency_key_legacy;
ALTER INDEX email_logs_message_id_idx RENAME TO email_logs_message_id_idx_legacy;
ALTER INDEX email_logs_idempotency_idx RENAME TO email_logs_idempotency_idx_legacy;
ALTER INDEX email_logs_due_idx RENAME TO email_logs_due_idx_legacy;
ALTER INDEX email_logs_suppression_idx RENAME TO email_logs_suppression_idx_legacy;
ALTER INDEX email_logs_provider_message_id_idx RENAME TO email_logs_provider_message_id_idx_legacy;
ALTER INDEX email_logs_created_idx RENAME TO email_logs_created_idx_legacy;
ALTER INDEX email_logs_template_idx RENAME TO email_logs_template_idx_legacy;
ALTER INDEX email_logs_user_idx RENAME TO email_logs_user_idx_legacy;
-- The parent's trigger of the same name is cloned onto every partition, this one included.
DROP TRIGGER email_logs_touch ON email_logs;

-- 2. The parent, empty, under a name of its own until the swap below: the same columns, defaults and
-- CHECKs (same names) as V1's table. Its indexes are catalog entries only (no partition yet).
CREATE TABLE email_logs_by_month (
    LIKE email_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    CONSTRAINT email_logs_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT email_logs_template_id_fkey FOREIGN KEY (template_id) REFERENCES email_templates (id) ON DELETE RESTRICT,
    CONSTRAINT email_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) PARTITION BY RANGE (created_at);
-- LIKE copied the old table's bound too; a partition's bound is its partition constraint.
ALTER TABLE email_logs_by_month DROP CONSTRAINT email_logs_legacy_bound;
-- Not unique across months (a unique index must hold created_at): Message-IDs are random UUIDs, and
-- idempotency keys are made unique by email_log_keys (V2).
CREATE INDEX email_logs_message_id_idx ON email_logs_by_month (message_id);
CREATE INDEX email_logs_idempotency_idx ON email_logs_by_month (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- As in V1 (the claim query, suppression, tracking by the provider's id, lists, foreign keys).
CREATE INDEX email_logs_due_idx ON email_logs_by_month (due_at) WHERE status IN ('QUEUED', 'SENDING');
CREATE INDEX email_logs_suppression_idx ON email_logs_by_month (lower(to_address)) WHERE status IN ('BOUNCED', 'COMPLAINED');
CREATE INDEX email_logs_provider_message_id_idx ON email_logs_by_month (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX email_logs_created_idx ON email_logs_by_month (created_at);
CREATE INDEX email_logs_template_idx ON email_logs_by_month (template_id);
CREATE INDEX email_logs_user_idx ON email_logs_by_month (user_id);
CREATE TRIGGER email_logs_touch BEFORE UPDATE ON email_logs_by_month
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- The swap: statements of either release that name email_logs reach the parent from this commit on.
ALTER TABLE email_logs RENAME TO email_logs_legacy;
ALTER TABLE email_logs_by_month RENAME TO email_logs;

-- The old table's grants, whoever holds them (the default privileges of README "Least privilege" grant
-- the runtime role DML on the new table already; a host that granted by hand gets the same here).
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT a.grantee, a.privilege_type
               FROM pg_class c, aclexplode(c.relacl) a
              WHERE c.oid = 'email_logs_legacy'::regclass AND a.grantee <> c.relowner LOOP
        EXECUTE format('GRANT %s ON email_logs TO %s', g.privilege_type,
                       CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
    END LOOP;
END $$;

-- 3. The old table as the partition of every row before its bound (V6): the validated CHECK implies
-- the partition constraint, so ATTACH does not scan; its indexes and foreign keys match the parent's
-- and are attached, not built.
DO $$
DECLARE
    bound text;
BEGIN
    SELECT substring(pg_get_constraintdef(oid) FROM '''([^'']+)''') INTO STRICT bound
      FROM pg_constraint WHERE conrelid = 'email_logs_legacy'::regclass AND conname = 'email_logs_legacy_bound';
    EXECUTE format('ALTER TABLE email_logs ATTACH PARTITION email_logs_legacy FOR VALUES FROM (MINVALUE) TO (%L)', bound);
END $$;

-- 4. Every row lands somewhere: a month without a partition yet (a clock far ahead) goes here.
CREATE TABLE email_logs_default PARTITION OF email_logs DEFAULT;

-- 5. The partitions, as the owner. Both run as their owner (SECURITY DEFINER): creating, attaching,
-- detaching and dropping a partition need ownership of email_logs, which the runtime role has not,
-- and both only ever touch email_logs' partitions. Serialised by one advisory lock per schema, so a
-- burst of Portals starting at once creates each month once.

-- Every partition with its range (from NULL: the first partition, from the beginning); the DEFAULT one
-- has neither bound.
CREATE FUNCTION email_logs_partitions()
    RETURNS TABLE (partition_name text, range_from timestamptz, range_to timestamptz, is_default boolean)
    LANGUAGE sql STABLE
    SET search_path = ${flyway:defaultSchema}
    SET TimeZone = 'UTC'
    SET DateStyle = 'ISO, YMD'
AS $$
    SELECT c.relname::text,
           CAST(nullif(substring(b.expr FROM 'FROM \(''([^'']+)''\)'), '') AS timestamptz),
           CAST(substring(b.expr FROM 'TO \(''([^'']+)''\)') AS timestamptz),
           b.expr = 'DEFAULT'
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS expr) b
     WHERE i.inhparent = 'email_logs'::regclass
     ORDER BY 3 NULLS LAST, 1
$$;

-- Creates the partitions of the month of p_now and the p_ahead months after it that no partition
-- covers yet; answers the names created. Rows of such a month already in the DEFAULT partition move in.
CREATE FUNCTION email_logs_ensure_partitions(p_now timestamptz, p_ahead integer)
    RETURNS SETOF text
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}
    SET TimeZone = 'UTC'
    SET lock_timeout = '5s'
AS $$
DECLARE
    first_month timestamptz := date_trunc('month', p_now);
    lo timestamptz;
    hi timestamptz;
    part text;
BEGIN
    IF p_now IS NULL OR p_ahead IS NULL OR p_ahead < 0 OR p_ahead > 120 THEN
        RAISE EXCEPTION 'email_logs_ensure_partitions: p_ahead must be 0 to 120 (was %)', p_ahead
            USING ERRCODE = '22023';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('portalkit.email_logs.partitions'), hashtext(current_schema()));
    FOR m IN 0 .. p_ahead LOOP
        lo := first_month + make_interval(months => m);
        hi := lo + interval '1 month';
        CONTINUE WHEN EXISTS (SELECT 1 FROM email_logs_partitions() p
                               WHERE NOT p.is_default AND coalesce(p.range_from, '-infinity') < hi AND p.range_to > lo);
        part := 'email_logs_' || to_char(lo, 'YYYY_MM');
        -- A table of that name not attached (an archived month, a failed run's leftover) is never reused.
        CONTINUE WHEN to_regclass(part) IS NOT NULL;
        -- ATTACH takes SHARE ROW EXCLUSIVE on the tables the foreign keys point at, after email_logs' DEFAULT
        -- partition: taken first, as writers take them (see email_logs_detach_before).
        LOCK TABLE email_templates, users IN SHARE ROW EXCLUSIVE MODE;
        EXECUTE format('CREATE TABLE %I (LIKE email_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('WITH moved AS (DELETE FROM email_logs_default WHERE created_at >= %L AND created_at < %L RETURNING *)'
                       ' INSERT INTO %I SELECT * FROM moved', lo, hi, part);
        EXECUTE format('ALTER TABLE email_logs ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        RETURN NEXT part;
    END LOOP;
END $$;

-- Detaches every partition whose rows are all older than p_cutoff (its range ends at or before it),
-- never the DEFAULT one, and marks each (COMMENT) as archived or as one email_logs_drop_detached drops.
-- The idempotency keys of the e-mails that left go with them. Answers what it detached.
CREATE FUNCTION email_logs_detach_before(p_cutoff timestamptz, p_archive boolean)
    RETURNS TABLE (partition_name text, range_from timestamptz, range_to timestamptz)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}
    SET TimeZone = 'UTC'
    SET lock_timeout = '5s'
AS $$
DECLARE
    p record;
BEGIN
    IF p_cutoff IS NULL OR p_archive IS NULL THEN
        RAISE EXCEPTION 'email_logs_detach_before: null argument' USING ERRCODE = '22004';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('portalkit.email_logs.partitions'), hashtext(current_schema()));
    FOR p IN SELECT * FROM email_logs_partitions() x WHERE NOT x.is_default AND x.range_to <= p_cutoff LOOP
        -- DETACH takes SHARE ROW EXCLUSIVE on the tables email_logs' foreign keys point at, after email_logs:
        -- taken first here, in the order every writer takes them (template, user, then email_logs), so a
        -- writer that holds one and waits for email_logs cannot deadlock with us.
        LOCK TABLE email_templates, users IN SHARE ROW EXCLUSIVE MODE;
        EXECUTE format('ALTER TABLE email_logs DETACH PARTITION %I', p.partition_name);
        EXECUTE format('COMMENT ON TABLE %I IS %L', p.partition_name,
                       CASE WHEN p_archive THEN 'portalkit: email_logs archive' ELSE 'portalkit: email_logs to drop' END);
        DELETE FROM email_log_keys k
         WHERE k.created_at >= coalesce(p.range_from, '-infinity') AND k.created_at < p.range_to
           AND NOT EXISTS (SELECT 1 FROM email_logs e WHERE e.idempotency_key = k.idempotency_key);
        partition_name := p.partition_name;
        range_from := p.range_from;
        range_to := p.range_to;
        RETURN NEXT;
    END LOOP;
END $$;

-- Drops the partitions email_logs_detach_before detached to drop; answers their names. A transaction of
-- its own, apart from the DETACH: DROP TABLE takes ACCESS EXCLUSIVE on email_templates and users (it
-- removes the foreign keys' triggers there), and holding that while holding email_logs would deadlock
-- with a writer that holds the template and waits for email_logs. Taken first, template then user, as
-- every writer takes them; a short lock_timeout bounds how long reads of users wait behind it (the
-- caller tries again later: the tables stay marked).
CREATE FUNCTION email_logs_drop_detached()
    RETURNS SETOF text
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = ${flyway:defaultSchema}
    SET lock_timeout = '2s'
AS $$
DECLARE
    t text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('portalkit.email_logs.partitions'), hashtext(current_schema()));
    FOR t IN SELECT c.relname::text FROM pg_class c
              WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
                AND obj_description(c.oid, 'pg_class') = 'portalkit: email_logs to drop'
              ORDER BY 1 LOOP
        LOCK TABLE email_templates, users IN ACCESS EXCLUSIVE MODE;
        EXECUTE format('DROP TABLE %I', t);
        RETURN NEXT t;
    END LOOP;
END $$;

-- The current month and three ahead exist from the start (the Portal keeps them ahead: MessagingOptions.partitionsAhead).
SELECT count(*) FROM email_logs_ensure_partitions(now(), 3);

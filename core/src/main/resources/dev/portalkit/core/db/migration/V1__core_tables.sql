-- portalkit-core, version 1: shared functions, app_settings, nav_items, activity_logs.
-- Runs with search_path set to the PortalKit schema by Flyway; functions pin their own
-- search_path so triggers behave the same from a host's connection.

-- Keeps updated_at right even for a host's hand-written UPDATE.
CREATE FUNCTION portalkit_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------------------------------
-- app_settings: overrides of settings declared in Java; the default lives in code.
CREATE TABLE app_settings (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    key         text        NOT NULL,
    value       jsonb       NOT NULL,
    secret      boolean     NOT NULL DEFAULT false,
    version     bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_settings_key_key UNIQUE (key),
    CONSTRAINT app_settings_key_format CHECK (key ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(key) <= 100)
);
COMMENT ON COLUMN app_settings.updated_by IS 'Acting user id; no foreign key, so core needs no users table.';
CREATE TRIGGER app_settings_touch BEFORE UPDATE ON app_settings
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- nav_items: a tree. Deleting an entry deletes its subtree (ON DELETE CASCADE).
CREATE TABLE nav_items (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    parent_id   uuid        REFERENCES nav_items (id) ON DELETE CASCADE,
    position    integer     NOT NULL CHECK (position >= 0),
    label       text        NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    url         text        CHECK (length(url) <= 2000),
    icon        text        CHECK (length(icon) <= 100),
    roles       text[]      NOT NULL DEFAULT '{}',
    active      boolean     NOT NULL DEFAULT true,
    metadata    jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- Deferrable so one UPDATE can shift a run of siblings; checked at the end of each statement.
    CONSTRAINT nav_items_parent_position_key UNIQUE NULLS NOT DISTINCT (parent_id, position)
        DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT nav_items_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX nav_items_parent_idx ON nav_items (parent_id, position);
CREATE TRIGGER nav_items_touch BEFORE UPDATE ON nav_items
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- Refuses a parent that is the entry itself or one of its descendants. The advisory lock
-- serialises tree changes, so two concurrent moves cannot each pass the check and form a cycle.
CREATE FUNCTION nav_items_refuse_cycle() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    IF NEW.parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(TG_TABLE_SCHEMA || '.nav_items', 0));
    IF EXISTS (
        WITH RECURSIVE ancestors(id, parent_id) AS (
            SELECT n.id, n.parent_id FROM nav_items n WHERE n.id = NEW.parent_id
            UNION
            SELECT n.id, n.parent_id FROM nav_items n JOIN ancestors a ON n.id = a.parent_id
        )
        SELECT 1 FROM ancestors WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'nav item % cannot be placed under its own descendant %', NEW.id, NEW.parent_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'nav_items_no_cycle';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER nav_items_no_cycle BEFORE INSERT OR UPDATE OF parent_id ON nav_items
    FOR EACH ROW EXECUTE FUNCTION nav_items_refuse_cycle();

-- ---------------------------------------------------------------------------------------------
-- activity_logs: the append-only audit trail. No foreign keys: a deleted user must never take
-- audit rows with them, and actor e-mail/role are snapshots.
CREATE TABLE activity_logs (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    seq          bigint      NOT NULL,
    occurred_at  timestamptz NOT NULL,
    actor_id     uuid,
    actor_email  text,
    actor_role   text,
    action       text        NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$' AND length(action) <= 100),
    entity_type  text        CHECK (entity_type ~ '^[a-z][a-z0-9_]{0,62}$'),
    entity_id    uuid,
    before       jsonb       CHECK (jsonb_typeof(before) = 'object'),
    after        jsonb       CHECK (jsonb_typeof(after) = 'object'),
    metadata     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    ip           inet,
    user_agent   text        CHECK (length(user_agent) <= 512),
    request_id   text        CHECK (length(request_id) <= 200),
    prev_hash    bytea,
    hash         bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activity_logs_seq_key UNIQUE (seq)
);
CREATE INDEX activity_logs_actor_idx ON activity_logs (actor_id, seq DESC) WHERE actor_id IS NOT NULL;
CREATE INDEX activity_logs_entity_idx ON activity_logs (entity_type, entity_id, seq DESC);
CREATE INDEX activity_logs_action_idx ON activity_logs (action, seq DESC);
CREATE INDEX activity_logs_occurred_idx ON activity_logs (occurred_at DESC);

-- The head of the hash chain: one row. Updating it is what orders concurrent audit inserts: a
-- second writer waits on this row lock until the first commits, then links to its hash.
CREATE TABLE activity_log_head (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    last_seq    bigint      NOT NULL DEFAULT 0,
    last_hash   bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO activity_log_head DEFAULT VALUES;
CREATE TRIGGER activity_log_head_touch BEFORE UPDATE ON activity_log_head
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- The canonical text of a row for hashing: a JSON array, unambiguous and independent of the
-- session's TimeZone and DateStyle.
CREATE FUNCTION activity_log_digest(r activity_logs) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    SET search_path = ${flyway:defaultSchema}
AS $$
    SELECT sha256(coalesce(r.prev_hash, ''::bytea) || convert_to(jsonb_build_array(
        r.seq, r.id, to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_id, r.actor_email, r.actor_role, r.action, r.entity_type, r.entity_id,
        r.before, r.after, r.metadata, host(r.ip), r.user_agent, r.request_id)::text, 'UTF8'))
$$;

CREATE FUNCTION activity_logs_chain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
DECLARE
    head activity_log_head%ROWTYPE;
BEGIN
    UPDATE activity_log_head SET last_seq = last_seq + 1 WHERE id RETURNING * INTO head;
    NEW.seq := head.last_seq;
    NEW.prev_hash := head.last_hash;
    NEW.created_at := now();
    NEW.updated_at := NEW.created_at;
    NEW.hash := activity_log_digest(NEW);
    UPDATE activity_log_head SET last_hash = NEW.hash WHERE id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER activity_logs_chain BEFORE INSERT ON activity_logs
    FOR EACH ROW EXECUTE FUNCTION activity_logs_chain();

CREATE FUNCTION portalkit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'PK001', HINT = 'The audit trail keeps every row; record a new event instead.';
END;
$$;
-- Statement-level: refused even when the statement would touch no row.
CREATE TRIGGER activity_logs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON activity_logs
    FOR EACH STATEMENT EXECUTE FUNCTION portalkit_refuse_change();
CREATE TRIGGER activity_log_head_keep BEFORE DELETE OR TRUNCATE ON activity_log_head
    FOR EACH STATEMENT EXECUTE FUNCTION portalkit_refuse_change();

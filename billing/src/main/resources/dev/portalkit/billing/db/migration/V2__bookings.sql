-- portalkit-billing, version 2: bookings and provider availability. Needs btree_gist for the
-- exclusion constraint that makes double-booking impossible in the database itself.

-- btree_gist may already exist (in this schema or another: its operator classes are found by type,
-- not by search_path, so either works). Creating it may need rights the migration user lacks:
-- say so clearly instead of failing with a bare permission error.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gist') THEN
        BEGIN
            CREATE EXTENSION btree_gist WITH SCHEMA ${flyway:defaultSchema};
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'portalkit-billing needs the PostgreSQL extension btree_gist (booking overlap constraint) and could not create it (%). Fix: as a superuser, or from your provider''s console, run CREATE EXTENSION btree_gist; in this database, then start again', SQLERRM
                USING HINT = 'Managed PostgreSQL (Neon, RDS, Cloud SQL, Azure) allows btree_gist.';
        END;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- provider_availability: one row per provider. Weekly hours and date overrides are local times in
-- the provider's IANA zone, as JSON: {"MONDAY": [["09:00", "17:00"]], ...} and
-- {"2026-12-25": []} (a day off) or {"2026-12-24": [["09:00", "12:00"]]} (special hours).
-- It goes with the provider's user row (ON DELETE CASCADE): it is settings, not history.
CREATE TABLE provider_availability (
    id                     uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_id            uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    time_zone              text        NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    weekly_hours           jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(weekly_hours) = 'object'),
    date_overrides         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(date_overrides) = 'object'),
    buffer_before_minutes  integer     NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 1440),
    buffer_after_minutes   integer     NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 1440),
    minimum_notice_minutes integer     NOT NULL CHECK (minimum_notice_minutes BETWEEN 0 AND 525600),
    horizon_days           integer     NOT NULL CHECK (horizon_days BETWEEN 1 AND 3660),
    slot_minutes           integer     NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 5 AND 1440),
    version                bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT provider_availability_provider_key UNIQUE (provider_id)
);
CREATE TRIGGER provider_availability_touch BEFORE UPDATE ON provider_availability
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- bookings. Customers, providers and payments are history (ON DELETE RESTRICT). blocked_from and
-- blocked_until are the booking plus the provider's buffers (copied when booked, so a later change
-- of buffers does not move existing bookings); the exclusion constraint compares them.
CREATE TABLE bookings (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id          uuid        NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    provider_id          uuid        NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    blocked_from         timestamptz NOT NULL,
    blocked_until        timestamptz NOT NULL,
    time_zone            text        NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    title                text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    notes                text        CHECK (length(notes) <= 5000),
    location             text        CHECK (length(location) <= 500),
    meeting_url          text        CHECK (length(meeting_url) <= 2000),
    payment_id           uuid        REFERENCES payments (id) ON DELETE RESTRICT,
    status               text        NOT NULL CONSTRAINT bookings_status_check
                                     CHECK (status IN ('HELD', 'PENDING', 'CONFIRMED', 'CANCELLED', 'COMPLETED',
                                                       'NO_SHOW', 'RESCHEDULED', 'EXPIRED')),
    hold_expires_at      timestamptz,
    confirmed_at         timestamptz,
    cancelled_at         timestamptz,
    cancellation_reason  text        CHECK (length(cancellation_reason) <= 1000),
    rescheduled_to       uuid        REFERENCES bookings (id) ON DELETE RESTRICT,
    metadata             jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    version              bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bookings_time_order CHECK (ends_at > starts_at),
    CONSTRAINT bookings_blocked_covers CHECK (blocked_from <= starts_at AND blocked_until >= ends_at),
    CONSTRAINT bookings_hold_expiry CHECK (status <> 'HELD' OR hold_expires_at IS NOT NULL),
    -- Set in the same transaction that moves the booking to RESCHEDULED (after the new one exists).
    CONSTRAINT bookings_rescheduled_link CHECK (rescheduled_to IS NULL OR status = 'RESCHEDULED'),
    -- No two blocking bookings of one provider overlap, buffers included. Half-open ranges:
    -- [10:00, 11:00) and [11:00, 12:00) do not overlap.
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        provider_id WITH =,
        tstzrange(blocked_from, blocked_until, '[)') WITH &&
    ) WHERE (status IN ('HELD', 'PENDING', 'CONFIRMED'))
);
CREATE INDEX bookings_customer_idx ON bookings (customer_id, starts_at);
CREATE INDEX bookings_provider_idx ON bookings (provider_id, starts_at);
CREATE INDEX bookings_payment_idx ON bookings (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX bookings_rescheduled_to_idx ON bookings (rescheduled_to) WHERE rescheduled_to IS NOT NULL;
CREATE INDEX bookings_holds_idx ON bookings (provider_id, hold_expires_at) WHERE status = 'HELD';
CREATE TRIGGER bookings_touch BEFORE UPDATE ON bookings
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- portalkit-billing, version 6: what a booking's iCalendar file needs (a stable UID across reschedules and a
-- SEQUENCE that grows with every reschedule and cancellation) and booking reminders. Expand only: two columns
-- the previous release's code never writes (a NULL series and a defaulted sequence are right for its rows) and
-- a new table. The CHECK on the new column is added NOT VALID (V7 validates it) and the index on bookings is built
-- CONCURRENTLY (V8): bookings may be large.
SET LOCAL lock_timeout = '5s';

-- The booking the calendar UID is derived from: NULL for a booking never rescheduled (its own id is the UID),
-- the first booking's id for every booking a reschedule created, so a calendar replaces the event instead of
-- adding one. No FK: the UID must survive whatever happens to the first row, and it is never joined.
ALTER TABLE bookings ADD COLUMN series_id uuid;
-- iCalendar SEQUENCE (RFC 5545 3.8.7.4): bumped by the UPDATE that confirms, cancels or reschedules, the new booking of a
-- reschedule starts at the old one's bumped value. A constant default: no table rewrite.
ALTER TABLE bookings ADD COLUMN sequence integer NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD CONSTRAINT bookings_sequence_check CHECK (sequence >= 0) NOT VALID;

-- ---------------------------------------------------------------------------------------------
-- booking_reminders: one row per reminder offset of a booking (BillingOptions.reminderOffsets), written with
-- the booking. They go with their booking (ON DELETE CASCADE): they are its schedule, not history.
-- PENDING until sendDueReminders hands it over (SENT) or the booking is cancelled or no longer needs it
-- (WITHDRAWN). A reschedule moves the PENDING rows to the new booking and re-creates the missing ones.
CREATE TABLE booking_reminders (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    booking_id      uuid        NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    offset_seconds  bigint      NOT NULL CHECK (offset_seconds BETWEEN 1 AND 2592000),
    due_at          timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING' CONSTRAINT booking_reminders_status_check
                                CHECK (status IN ('PENDING', 'SENT', 'WITHDRAWN')),
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT booking_reminders_offset_key UNIQUE (booking_id, offset_seconds),
    CONSTRAINT booking_reminders_sent CHECK ((status = 'SENT') = (sent_at IS NOT NULL))
);
-- The job's claim: due PENDING reminders, oldest first. (booking_id is covered by the unique key.)
CREATE INDEX booking_reminders_due_idx ON booking_reminders (due_at) WHERE status = 'PENDING';
CREATE TRIGGER booking_reminders_touch BEFORE UPDATE ON booking_reminders
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

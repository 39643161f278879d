-- portalkit-billing, version 7: validates V6's bookings_sequence_check against the rows written before it. A separate
-- migration, so a separate transaction: VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE, which lets reads and
-- writes of bookings go on.
SET LOCAL lock_timeout = '5s';

ALTER TABLE bookings VALIDATE CONSTRAINT bookings_sequence_check;

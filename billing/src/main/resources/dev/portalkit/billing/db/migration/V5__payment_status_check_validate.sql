-- portalkit-billing, version 5: validates V4's payments_status_check against the rows written before it. A
-- separate migration, so a separate transaction: VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE, which
-- lets reads and writes of payments go on (in V4's transaction it would have scanned under ACCESS EXCLUSIVE).
SET LOCAL lock_timeout = '5s';

ALTER TABLE payments VALIDATE CONSTRAINT payments_status_check;

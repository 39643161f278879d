-- portalkit-billing, version 4: a charge may wait for the customer (3-D Secure in the browser): REQUIRES_ACTION,
-- neither captured nor declined, settled later by the provider's webhook (PaymentService.settle). Expand only: the
-- previous release never writes the new value, and reads it only if a newer instance wrote it.
--
-- Zero downtime (README, "Migrations"): the CHECK is replaced under its own name (error translation knows it) in
-- one ALTER, NOT VALID, so payments is not scanned under the ACCESS EXCLUSIVE lock the ALTER takes; new and updated
-- rows are checked at once. V5 validates the old rows in its own transaction, without blocking reads or writes.
SET LOCAL lock_timeout = '5s';

ALTER TABLE payments
    DROP CONSTRAINT payments_status_check,
    ADD CONSTRAINT payments_status_check
        CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'PARTIALLY_REFUNDED', 'REFUNDED',
                          'REQUIRES_ACTION')) NOT VALID;

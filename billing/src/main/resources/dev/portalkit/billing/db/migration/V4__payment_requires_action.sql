-- A charge may wait for the customer (3-D Secure in the browser): REQUIRES_ACTION, neither captured nor
-- declined, settled later by the provider's webhook (PaymentService.settle). Expand only: the previous
-- release never writes the new value, and reads it only if a newer instance wrote it.
ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
    CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'PARTIALLY_REFUNDED', 'REFUNDED',
                      'REQUIRES_ACTION'));

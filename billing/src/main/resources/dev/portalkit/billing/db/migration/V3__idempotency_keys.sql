-- portalkit-billing, version 3: what each idempotency key did.
--
-- One row per key a caller gave a keyed call (charge, refund, subscribe, changeTier, reactivate) and per
-- renewal charge. A key means one operation with one set of arguments, forever: the row records the
-- operation and a SHA-256 of its arguments, and is claimed by the transaction of the call's first write
-- (the unique key makes a concurrent call with the same key wait for it, then find it). A subscription
-- call that charges first commits the row STARTED with its plan (the charge and the change it pays for),
-- then calls the gateway, then writes the change and DONE with its result in one transaction; if the
-- change can no longer be made (the subscription moved on), the row becomes FAILED and the charge is
-- refunded. So a key never applies a change without its money, and a captured charge is either applied
-- (DONE) or given back (FAILED), decided once, under the row's lock.
CREATE TABLE idempotency_keys (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    operation        text        NOT NULL CONSTRAINT idempotency_keys_operation_check
                                 CHECK (operation IN ('CHARGE', 'REFUND', 'SUBSCRIBE', 'CHANGE_TIER', 'REACTIVATE',
                                                      'RENEWAL')),
    -- SHA-256 of the operation and its arguments: the same key with other arguments is refused.
    request_hash     text        NOT NULL CHECK (length(request_hash) = 64),
    status           text        NOT NULL DEFAULT 'STARTED' CONSTRAINT idempotency_keys_status_check
                                 CHECK (status IN ('STARTED', 'DONE', 'FAILED')),
    subscription_id  uuid        REFERENCES user_subscriptions (id) ON DELETE RESTRICT,
    payment_id       uuid        REFERENCES payments (id) ON DELETE RESTRICT,
    -- What a subscription call decided before any money moved; calling again (or reconcile) executes exactly it.
    plan             jsonb       CHECK (plan IS NULL OR jsonb_typeof(plan) = 'object'),
    -- DONE: what the first call returned, returned again to every repeat.
    result           jsonb       CHECK (result IS NULL OR jsonb_typeof(result) = 'object'),
    failure_code     text        CHECK (length(failure_code) <= 100),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_key UNIQUE (idempotency_key)
);
CREATE INDEX idempotency_keys_subscription_idx ON idempotency_keys (subscription_id) WHERE subscription_id IS NOT NULL;
CREATE INDEX idempotency_keys_payment_idx ON idempotency_keys (payment_id) WHERE payment_id IS NOT NULL;
-- reconcile()'s queue of subscription calls whose charge it may have settled.
CREATE INDEX idempotency_keys_started_idx ON idempotency_keys (created_at) WHERE status = 'STARTED';
-- reconcile()'s check that every FAILED key's charge was given back (a crash may come between the two).
CREATE INDEX idempotency_keys_failed_idx ON idempotency_keys (created_at)
    WHERE status = 'FAILED' AND failure_code <> 'declined';
CREATE TRIGGER idempotency_keys_touch BEFORE UPDATE ON idempotency_keys
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- Keys used before this version: a host's charges and refunds (PortalKit's own keys have these prefixes).
-- Their request_hash is the one these rows keep comparing against.
INSERT INTO idempotency_keys (idempotency_key, operation, request_hash, status, payment_id, created_at)
SELECT idempotency_key, 'CHARGE', request_hash, 'DONE', id, created_at
  FROM payments
 WHERE idempotency_key !~ '^(subscribe|change|reactivate|renewal|compensation):'
ON CONFLICT (idempotency_key) DO NOTHING;
INSERT INTO idempotency_keys (idempotency_key, operation, request_hash, status, payment_id, created_at)
SELECT idempotency_key, 'REFUND', request_hash, 'DONE', payment_id, created_at
  FROM payment_refunds
 WHERE idempotency_key !~ '^(subscribe|change|reactivate|renewal|compensation):'
ON CONFLICT (idempotency_key) DO NOTHING;

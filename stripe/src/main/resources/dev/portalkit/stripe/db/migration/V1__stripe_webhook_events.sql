-- portalkit-stripe: every Stripe webhook event PortalKit accepted, once per Stripe event id. Its unique key is what
-- makes a redelivered event (Stripe delivers at least once) a no-op: the INSERT of a known id does nothing, and a
-- concurrent delivery of the same id waits for the first one's transaction, then does nothing.
-- A new table, but its foreign keys lock payments and payment_refunds briefly (SHARE ROW EXCLUSIVE): bounded, as every
-- migration's locks are (README, "Migrations").
SET LOCAL lock_timeout = '5s';

CREATE TABLE stripe_webhook_events (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id          text        NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
    event_type        text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 255),
    livemode          boolean     NOT NULL,
    -- The Stripe object the event is about (pi_..., re_...).
    object_id         text        CHECK (length(object_id) <= 255),
    -- RECEIVED while its transaction runs; APPLIED or IGNORED when it commits (see StripeWebhooks).
    outcome           text        NOT NULL DEFAULT 'RECEIVED'
                                  CHECK (outcome IN ('RECEIVED', 'APPLIED', 'IGNORED')),
    -- The PortalKit payment (and refund) it settled or found settled. Payments never disappear (RESTRICT).
    payment_id        uuid        REFERENCES payments (id) ON DELETE RESTRICT,
    refund_id         uuid        REFERENCES payment_refunds (id) ON DELETE RESTRICT,
    stripe_created_at timestamptz,
    received_at       timestamptz NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stripe_webhook_events_event_id_key UNIQUE (event_id)
);
CREATE INDEX stripe_webhook_events_payment_idx ON stripe_webhook_events (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX stripe_webhook_events_refund_idx ON stripe_webhook_events (refund_id) WHERE refund_id IS NOT NULL;
CREATE TRIGGER stripe_webhook_events_touch BEFORE UPDATE ON stripe_webhook_events
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- portalkit-billing, version 1: pricing tiers, subscriptions, payments and refunds.
-- Needs portalkit-core (portalkit_touch_updated_at) and portalkit-auth (users).
-- Statuses are text + CHECK (they may grow); money is amount_minor bigint + currency char(3).

-- ---------------------------------------------------------------------------------------------
-- pricing_tiers: what a subscriber can buy. A price change never reaches existing subscribers:
-- user_subscriptions keeps a snapshot of the price it was sold at.
CREATE TABLE pricing_tiers (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    code             text        NOT NULL CONSTRAINT pricing_tiers_code_format
                                 CHECK (code ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(code) <= 64),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description      text        CHECK (length(description) <= 2000),
    amount_minor     bigint      NOT NULL CHECK (amount_minor >= 0),
    currency         char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    billing_interval text        NOT NULL CHECK (billing_interval IN ('MONTH', 'YEAR', 'ONE_TIME')),
    interval_count   integer     NOT NULL DEFAULT 1 CHECK (interval_count BETWEEN 1 AND 36),
    trial_days       integer     NOT NULL DEFAULT 0 CHECK (trial_days BETWEEN 0 AND 365),
    features         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(features) = 'object'),
    sort_order       integer     NOT NULL DEFAULT 0,
    metadata         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    version          bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    archived_at      timestamptz,
    deleted_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pricing_tiers_one_time_once CHECK (billing_interval <> 'ONE_TIME' OR (interval_count = 1 AND trial_days = 0))
);
-- Unique among live tiers only: a deleted tier's code may be reused.
CREATE UNIQUE INDEX pricing_tiers_code_live_key ON pricing_tiers (code) WHERE deleted_at IS NULL;
CREATE INDEX pricing_tiers_list_idx ON pricing_tiers (sort_order, code) WHERE deleted_at IS NULL;
CREATE TRIGGER pricing_tiers_touch BEFORE UPDATE ON pricing_tiers
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- user_subscriptions. A user's subscriptions and tiers are kept (ON DELETE RESTRICT): they are
-- billing history. Billing periods are computed from anchor_at in billing_zone: period n ends at
-- anchor + (n + 1) * interval in that zone, so a Jan 31 anchor renews Feb 28/29, then Mar 31.
CREATE TABLE user_subscriptions (
    id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id               uuid        NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    tier_id               uuid        NOT NULL REFERENCES pricing_tiers (id) ON DELETE RESTRICT,
    status                text        NOT NULL CONSTRAINT user_subscriptions_status_check
                                      CHECK (status IN ('TRIALING', 'ACTIVE', 'PAST_DUE', 'UNPAID', 'CANCELED')),
    -- The price this subscriber pays, copied from the tier when sold (the price snapshot).
    amount_minor          bigint      NOT NULL CHECK (amount_minor >= 0),
    currency              char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    billing_interval      text        NOT NULL CHECK (billing_interval IN ('MONTH', 'YEAR', 'ONE_TIME')),
    interval_count        integer     NOT NULL CHECK (interval_count BETWEEN 1 AND 36),
    billing_zone          text        NOT NULL CHECK (length(billing_zone) BETWEEN 1 AND 64),
    anchor_at             timestamptz NOT NULL,
    period_index          integer     NOT NULL DEFAULT 0 CHECK (period_index >= 0),
    current_period_start  timestamptz NOT NULL,
    current_period_end    timestamptz,
    trial_end             timestamptz,
    cancel_at_period_end  boolean     NOT NULL DEFAULT false,
    canceled_at           timestamptz,
    ended_at              timestamptz,
    -- A downgrade waits for the end of the period.
    pending_tier_id       uuid        REFERENCES pricing_tiers (id) ON DELETE RESTRICT,
    -- When the renewal job looks at the row next (period end, trial end or next retry).
    next_charge_at        timestamptz,
    past_due_since        timestamptz,
    retry_count           integer     NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    -- A renewal worker's lease: claimed rows are skipped by other workers until it runs out.
    claimed_until         timestamptz,
    initial_payment_id    uuid,
    metadata              jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    version               bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_subscriptions_period_order CHECK (current_period_end IS NULL OR current_period_end > current_period_start),
    CONSTRAINT user_subscriptions_canceled_ended CHECK ((status = 'CANCELED') = (ended_at IS NOT NULL))
);
-- At most one live (not CANCELED) subscription per user.
CREATE UNIQUE INDEX user_subscriptions_user_live_key ON user_subscriptions (user_id) WHERE status <> 'CANCELED';
CREATE INDEX user_subscriptions_user_idx ON user_subscriptions (user_id, created_at DESC, id DESC);
CREATE INDEX user_subscriptions_tier_idx ON user_subscriptions (tier_id);
CREATE INDEX user_subscriptions_pending_tier_idx ON user_subscriptions (pending_tier_id) WHERE pending_tier_id IS NOT NULL;
-- The renewal job's queue.
CREATE INDEX user_subscriptions_due_idx ON user_subscriptions (next_charge_at)
    WHERE status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND next_charge_at IS NOT NULL;
CREATE TRIGGER user_subscriptions_touch BEFORE UPDATE ON user_subscriptions
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- payments: one row per idempotency key, committed as PROCESSING before the gateway is called.
-- Payments never disappear with a user or a subscription (ON DELETE RESTRICT).
CREATE TABLE payments (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id              uuid        NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    subscription_id      uuid        REFERENCES user_subscriptions (id) ON DELETE RESTRICT,
    -- Set on renewal charges: the billing period the charge pays for.
    period_start         timestamptz,
    idempotency_key      text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    -- SHA-256 of the request's fields: the same key with a different request is refused.
    request_hash         text        NOT NULL CHECK (length(request_hash) = 64),
    amount_minor         bigint      NOT NULL CHECK (amount_minor > 0),
    currency             char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    description          text        CHECK (length(description) <= 500),
    status               text        NOT NULL DEFAULT 'PROCESSING' CONSTRAINT payments_status_check
                                     CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'FAILED', 'UNKNOWN',
                                                       'PARTIALLY_REFUNDED', 'REFUNDED')),
    refunded_minor       bigint      NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    -- Refunds sent to the gateway and not settled yet: reserved, so concurrent refunds never exceed the capture.
    refund_pending_minor bigint      NOT NULL DEFAULT 0 CHECK (refund_pending_minor >= 0),
    gateway_reference    text        CHECK (length(gateway_reference) <= 200),
    failure_code         text        CHECK (length(failure_code) <= 100),
    failure_message      text        CHECK (length(failure_message) <= 500),
    settled_at           timestamptz,
    metadata             jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT payments_refund_within_capture CHECK (refunded_minor + refund_pending_minor <= amount_minor),
    CONSTRAINT payments_refunds_only_captured CHECK (refunded_minor + refund_pending_minor = 0
                                                     OR status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    CONSTRAINT payments_period_needs_subscription CHECK (period_start IS NULL OR subscription_id IS NOT NULL)
);
-- At most one charge that may have taken money per (subscription, billing period): only declined
-- (FAILED) attempts may repeat. The database holds this even if code were wrong.
CREATE UNIQUE INDEX payments_subscription_period_key ON payments (subscription_id, period_start)
    WHERE period_start IS NOT NULL AND status <> 'FAILED';
CREATE INDEX payments_user_idx ON payments (user_id, created_at DESC, id DESC);
CREATE INDEX payments_subscription_idx ON payments (subscription_id) WHERE subscription_id IS NOT NULL;
-- reconcile()'s queue.
CREATE INDEX payments_unsettled_idx ON payments (created_at) WHERE status IN ('UNKNOWN', 'PROCESSING');
CREATE TRIGGER payments_touch BEFORE UPDATE ON payments
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

ALTER TABLE user_subscriptions
    ADD CONSTRAINT user_subscriptions_initial_payment_fkey FOREIGN KEY (initial_payment_id)
        REFERENCES payments (id) ON DELETE RESTRICT;
CREATE INDEX user_subscriptions_initial_payment_idx ON user_subscriptions (initial_payment_id)
    WHERE initial_payment_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------
-- payment_refunds: one row per refund idempotency key, committed before the gateway is called.
CREATE TABLE payment_refunds (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    payment_id        uuid        NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
    idempotency_key   text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash      text        NOT NULL CHECK (length(request_hash) = 64),
    amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
    currency          char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reason            text        CHECK (length(reason) <= 500),
    status            text        NOT NULL DEFAULT 'PROCESSING' CONSTRAINT payment_refunds_status_check
                                  CHECK (status IN ('PROCESSING', 'SUCCEEDED', 'FAILED', 'UNKNOWN')),
    gateway_reference text        CHECK (length(gateway_reference) <= 200),
    failure_code      text        CHECK (length(failure_code) <= 100),
    failure_message   text        CHECK (length(failure_message) <= 500),
    settled_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payment_refunds_idempotency_key_key UNIQUE (idempotency_key)
);
CREATE INDEX payment_refunds_payment_idx ON payment_refunds (payment_id, created_at);
CREATE INDEX payment_refunds_unsettled_idx ON payment_refunds (created_at) WHERE status IN ('UNKNOWN', 'PROCESSING');
CREATE TRIGGER payment_refunds_touch BEFORE UPDATE ON payment_refunds
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- portalkit-auth, version 3 (issue #15): failure counts that decay, per-address reset request
-- limits, one live reset token per user. Expand only: the previous release runs unchanged on it.

-- When the last counted failed login happened: failed_logins starts again after a quiet period
-- (AuthOptions.failureResetAfter). Written from Java's clock, like locked_until.
ALTER TABLE users ADD COLUMN last_failed_login_at timestamptz;

-- Reset requests of the last window (AuthOptions.resetRequestWindow), for the per-address limit.
-- An address with an account and one without are counted alike, so the limit is no oracle; the
-- address itself is never stored, only the SHA-256 of its lower-case form, and rows that left the
-- window are deleted by later requests. Not tied to users: an unknown address has no user.
CREATE TABLE password_reset_requests (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    address_hash  bytea       NOT NULL CHECK (length(address_hash) = 32),
    requested_at  timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_requests_address_idx ON password_reset_requests (address_hash, requested_at);
CREATE INDEX password_reset_requests_requested_idx ON password_reset_requests (requested_at);
CREATE TRIGGER password_reset_requests_touch BEFORE UPDATE ON password_reset_requests
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- Concurrent requests could leave several live tokens per user before this version: keep only the
-- newest, as "a newer request voids the older ones" promised.
UPDATE password_reset_tokens t SET used_at = now()
 WHERE t.used_at IS NULL
   AND EXISTS (SELECT 1 FROM password_reset_tokens n
                WHERE n.user_id = t.user_id AND n.used_at IS NULL AND (n.created_at, n.id) > (t.created_at, t.id));

SET LOCAL lock_timeout = '5s';
-- portalkit-auth, version 5 (issue #21): two-factor sign-in (TOTP, recovery codes, login challenges)
-- and e-mail change tokens. Expand only: new tables, nothing the previous release reads changes.

-- A user's TOTP secret, encrypted (AES-GCM) under the host's key named key_id: the database never
-- holds it in plaintext. confirmed_at NULL is an enrolment not yet confirmed by a first code; 2FA is
-- on only once it is set. last_used_step is the last accepted RFC 6238 time step: a code is accepted
-- only for a greater step, by one conditional UPDATE, so no code is accepted twice.
-- Goes with the user (ON DELETE CASCADE).
CREATE TABLE user_totp (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_id            text        NOT NULL CHECK (key_id ~ '^[A-Za-z0-9._-]{1,32}$'),
    secret_ciphertext bytea       NOT NULL CHECK (length(secret_ciphertext) BETWEEN 29 AND 512),
    confirmed_at      timestamptz,
    last_used_step    bigint      CHECK (last_used_step >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_totp_user_key UNIQUE (user_id)
);
CREATE TRIGGER user_totp_touch BEFORE UPDATE ON user_totp
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- Single-use recovery codes: SHA-256 only (80 random bits each, so no slow hash is needed).
CREATE TABLE recovery_codes (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea       NOT NULL CHECK (length(code_hash) = 32),
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recovery_codes_user_code_key UNIQUE (user_id, code_hash)
);
CREATE TRIGGER recovery_codes_touch BEFORE UPDATE ON recovery_codes
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- The password step of a two-step sign-in: a short-lived, single-use token (SHA-256 only) that a
-- second factor turns into a session. Goes with the user.
CREATE TABLE login_challenges (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL CHECK (length(token_hash) = 32),
    remember_me  boolean     NOT NULL DEFAULT false,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    ip           inet,
    user_agent   text        CHECK (length(user_agent) <= 512),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT login_challenges_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX login_challenges_user_idx ON login_challenges (user_id);
CREATE TRIGGER login_challenges_touch BEFORE UPDATE ON login_challenges
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- A requested e-mail change: the new address and a single-use token (SHA-256 only) mailed to it.
-- users.email changes only when the token is confirmed, under users_email_live_key. Goes with the user.
CREATE TABLE email_change_tokens (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    new_email   text        NOT NULL CHECK (length(new_email) BETWEEN 3 AND 254 AND position('@' IN new_email) > 1),
    token_hash  bytea       NOT NULL CHECK (length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_change_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX email_change_tokens_user_idx ON email_change_tokens (user_id);
CREATE TRIGGER email_change_tokens_touch BEFORE UPDATE ON email_change_tokens
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- portalkit-auth, version 1: users, sessions, password reset and e-mail verification tokens,
-- per-user settings. Needs portalkit-core (portalkit_touch_updated_at).

-- Roles are an ordered set that does not grow (OWNER > ADMIN > STAFF > MEMBER): an enum type.
CREATE TYPE user_role AS ENUM ('MEMBER', 'STAFF', 'ADMIN', 'OWNER');

CREATE TABLE users (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email               text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    display_name        text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    role                user_role   NOT NULL DEFAULT 'MEMBER',
    -- Statuses may grow (e.g. PENDING): text + CHECK, since a new enum value cannot be used in
    -- the transaction that adds it.
    status              text        NOT NULL DEFAULT 'ACTIVE' CONSTRAINT users_status_check CHECK (status IN ('ACTIVE', 'DISABLED')),
    password_hash       text        NOT NULL,
    password_changed_at timestamptz NOT NULL,
    failed_logins       integer     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until        timestamptz,
    last_login_at       timestamptz,
    last_login_ip       inet,
    email_verified_at   timestamptz,
    metadata            jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    version             bigint      NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz
);
-- Case-insensitive and unique among live users only: a deleted user's e-mail is free again.
-- Queries compare lower(email) = lower(?), so this index serves them whatever type pgjdbc binds.
CREATE UNIQUE INDEX users_email_live_key ON users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_list_idx ON users (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX users_role_idx ON users (role, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE TRIGGER users_touch BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- A user's sessions go with the user (ON DELETE CASCADE); soft delete revokes them instead.
CREATE TABLE auth_sessions (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash      bytea       NOT NULL CHECK (length(token_hash) = 32),
    remember_me     boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    ip              inet,
    user_agent      text        CHECK (length(user_agent) <= 512),
    revoked_at      timestamptz,
    revoked_reason  text        CHECK (revoked_reason IN ('LOGOUT', 'LOGOUT_OTHERS', 'LOGOUT_EVERYWHERE', 'EVICTED',
                                                          'PASSWORD_CHANGED', 'PASSWORD_RESET', 'ROLE_CHANGED',
                                                          'USER_DISABLED', 'USER_DELETED', 'ROTATED')),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT auth_sessions_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX auth_sessions_user_live_idx ON auth_sessions (user_id, last_seen_at) WHERE revoked_at IS NULL;
CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id);
CREATE TRIGGER auth_sessions_touch BEFORE UPDATE ON auth_sessions
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

CREATE TABLE password_reset_tokens (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    bytea       NOT NULL CHECK (length(token_hash) = 32),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    requested_ip  inet,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT password_reset_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id) WHERE used_at IS NULL;
CREATE INDEX password_reset_tokens_user_fk_idx ON password_reset_tokens (user_id);
CREATE TRIGGER password_reset_tokens_touch BEFORE UPDATE ON password_reset_tokens
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

CREATE TABLE email_verification_tokens (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email         text        NOT NULL,
    token_hash    bytea       NOT NULL CHECK (length(token_hash) = 32),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_verification_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX email_verification_tokens_user_idx ON email_verification_tokens (user_id);
CREATE TRIGGER email_verification_tokens_touch BEFORE UPDATE ON email_verification_tokens
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

CREATE TABLE user_settings (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key         text        NOT NULL CHECK (key ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(key) <= 100),
    value       jsonb       NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_settings_user_key_key UNIQUE (user_id, key)
);
CREATE TRIGGER user_settings_touch BEFORE UPDATE ON user_settings
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

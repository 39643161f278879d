-- portalkit-messaging, version 1: e-mail templates (versioned), the e-mail outbox with delivery
-- tracking, and user-to-user messages. Needs portalkit-core and portalkit-auth.

-- ---------------------------------------------------------------------------------------------
-- email_templates: one row per version. Editing a template inserts version n+1 and marks row n
-- superseded, so every sent e-mail keeps pointing at the exact text it was rendered from.
-- The live template of a (key, locale) is the row neither superseded nor deleted.
CREATE TABLE email_templates (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    key            text        NOT NULL CONSTRAINT email_templates_key_check
                                   CHECK (key ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(key) <= 100),
    -- BCP 47 tag as Java writes it: de, de-AT, zh-Hant-TW.
    locale         text        NOT NULL CONSTRAINT email_templates_locale_check
                                   CHECK (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' AND length(locale) <= 35),
    version        integer     NOT NULL CHECK (version >= 1),
    subject        text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 998),
    html_body      text        CHECK (length(html_body) BETWEEN 1 AND 1000000),
    text_body      text        CHECK (length(text_body) BETWEEN 1 AND 1000000),
    variables      text[]      NOT NULL DEFAULT '{}',
    description    text        CHECK (length(description) <= 500),
    -- Who wrote this version; the template stays if the user is removed.
    created_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    superseded_at  timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz,
    CONSTRAINT email_templates_body_check CHECK (html_body IS NOT NULL OR text_body IS NOT NULL),
    CONSTRAINT email_templates_version_key UNIQUE (key, locale, version)
);
-- Unique among live templates only: a deleted template's key and locale are free again.
CREATE UNIQUE INDEX email_templates_live_key ON email_templates (key, locale)
    WHERE deleted_at IS NULL AND superseded_at IS NULL;
CREATE INDEX email_templates_list_idx ON email_templates (key, locale)
    WHERE superseded_at IS NULL;
CREATE INDEX email_templates_created_by_idx ON email_templates (created_by);
CREATE TRIGGER email_templates_touch BEFORE UPDATE ON email_templates
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- email_logs: the outbox and the delivery log. A row is written in the caller's transaction
-- (QUEUED), claimed by a worker (SENDING, with a lease), then SENT, retried (QUEUED again with a
-- later due_at), FAILED, UNKNOWN (the server may have the message: never resent blindly) or
-- SUPPRESSED (the address bounced or complained before). Tracking events move SENT mail on to
-- DELIVERED, BOUNCED or COMPLAINED. Statuses may grow: text + CHECK.
CREATE TABLE email_logs (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The exact template version rendered; templates are only ever soft-deleted.
    template_id          uuid        NOT NULL REFERENCES email_templates (id) ON DELETE RESTRICT,
    template_key         text        NOT NULL,
    template_version     integer     NOT NULL,
    locale               text        NOT NULL,
    -- The user the mail is about, if any; the log row outlives the user.
    user_id              uuid        REFERENCES users (id) ON DELETE SET NULL,
    from_address         text        NOT NULL CHECK (length(from_address) <= 320),
    to_address           text        NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254 AND position('@' IN to_address) > 1),
    subject              text        NOT NULL CHECK (length(subject) <= 998),
    html_body            text,
    text_body            text,
    -- Fixed when queued and reused on every attempt, so a receiver can drop duplicates.
    message_id           text        NOT NULL CONSTRAINT email_logs_message_id_key UNIQUE
                                         CHECK (length(message_id) <= 250),
    idempotency_key      text        CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    status               text        NOT NULL DEFAULT 'QUEUED' CONSTRAINT email_logs_status_check
                                         CHECK (status IN ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'BOUNCED',
                                                           'COMPLAINED', 'FAILED', 'UNKNOWN', 'SUPPRESSED')),
    attempts             integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- QUEUED: when the next attempt is due. SENDING: when the worker's lease ends (then another
    -- worker may take the row over). One column, so one index serves the claim query.
    due_at               timestamptz NOT NULL,
    -- Fences a worker whose lease expired: its late result no longer matches.
    claim_token          uuid,
    last_error           text        CHECK (length(last_error) <= 2000),
    provider_message_id  text        CHECK (length(provider_message_id) <= 250),
    sent_at              timestamptz,
    delivered_at         timestamptz,
    bounced_at           timestamptz,
    complained_at        timestamptz,
    failed_at            timestamptz,
    opened_at            timestamptz,
    open_count           integer     NOT NULL DEFAULT 0 CHECK (open_count >= 0),
    clicked_at           timestamptz,
    click_count          integer     NOT NULL DEFAULT 0 CHECK (click_count >= 0),
    metadata             jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX email_logs_idempotency_key ON email_logs (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The claim query: status IN (QUEUED, SENDING) AND due_at <= now ORDER BY due_at.
CREATE INDEX email_logs_due_idx ON email_logs (due_at) WHERE status IN ('QUEUED', 'SENDING');
-- Suppression: has this address hard-bounced or complained?
CREATE INDEX email_logs_suppression_idx ON email_logs (lower(to_address)) WHERE status IN ('BOUNCED', 'COMPLAINED');
CREATE INDEX email_logs_provider_message_id_idx ON email_logs (provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX email_logs_created_idx ON email_logs (created_at);
CREATE INDEX email_logs_template_idx ON email_logs (template_id);
CREATE INDEX email_logs_user_idx ON email_logs (user_id);
CREATE TRIGGER email_logs_touch BEFORE UPDATE ON email_logs
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- email_messages: user-to-user messages. thread_id is the first message's id. Each side deletes
-- its own copy (sender_deleted_at, recipient_deleted_at); the row stays while the other side
-- keeps it. If a user row is removed for good, their side becomes NULL and the other side keeps
-- the message (ON DELETE SET NULL).
CREATE TABLE email_messages (
    id                    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    thread_id             uuid        NOT NULL REFERENCES email_messages (id) ON DELETE CASCADE,
    reply_to_id           uuid        REFERENCES email_messages (id) ON DELETE SET NULL,
    sender_id             uuid        REFERENCES users (id) ON DELETE SET NULL,
    recipient_id          uuid        REFERENCES users (id) ON DELETE SET NULL,
    subject               text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body                  text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    read_at               timestamptz,
    sender_deleted_at     timestamptz,
    recipient_deleted_at  timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- NULL (a removed user) passes, so removing both users of a message still works.
    CONSTRAINT email_messages_distinct_users_check CHECK (sender_id <> recipient_id)
);
CREATE INDEX email_messages_inbox_idx ON email_messages (recipient_id, created_at DESC, id DESC)
    WHERE recipient_deleted_at IS NULL;
CREATE INDEX email_messages_sent_idx ON email_messages (sender_id, created_at DESC, id DESC)
    WHERE sender_deleted_at IS NULL;
-- Unread counts come from this index (no stored counter that can drift).
CREATE INDEX email_messages_unread_idx ON email_messages (recipient_id)
    WHERE read_at IS NULL AND recipient_deleted_at IS NULL;
CREATE INDEX email_messages_thread_idx ON email_messages (thread_id, created_at, id);
CREATE INDEX email_messages_reply_to_idx ON email_messages (reply_to_id);
CREATE INDEX email_messages_sender_idx ON email_messages (sender_id);
CREATE INDEX email_messages_recipient_idx ON email_messages (recipient_id);
CREATE TRIGGER email_messages_touch BEFORE UPDATE ON email_messages
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

SET LOCAL lock_timeout = '5s';
-- portalkit-messaging, version 9 (issue #21): template categories, per-category opt-outs (RFC 8058
-- one-click unsubscribe), resets of hard suppressions by support staff, and per-domain send windows.
-- Expand only: new columns with constant defaults (catalog-only changes, no rewrite) and new tables.

-- ---------------------------------------------------------------------------------------------
-- A template's category: 'transactional' (password resets, receipts: never carries an unsubscribe
-- link and ignores opt-outs) or a lowercase key for mail a recipient may refuse (marketing,
-- newsletter, notification, ...). Free-form keys: a host names its own categories; the pattern keeps
-- them safe to put in a signed token and a URL. Existing templates are transactional.
ALTER TABLE email_templates
    ADD COLUMN category text NOT NULL DEFAULT 'transactional'
        CONSTRAINT email_templates_category_check CHECK (category ~ '^[a-z][a-z0-9_-]{0,39}$');

-- The category of the version an e-mail was rendered from, copied when queued, so delivery adds the
-- List-Unsubscribe headers without reading templates. On the partitioned parent: every partition
-- (email_logs_legacy, the months, the default) gets it.
ALTER TABLE email_logs
    ADD COLUMN category text NOT NULL DEFAULT 'transactional'
        CONSTRAINT email_logs_category_check CHECK (category ~ '^[a-z][a-z0-9_-]{0,39}$');

-- ---------------------------------------------------------------------------------------------
-- email_opt_outs: an address refuses one category. Keyed by the lowercased address, as suppression
-- compares addresses; one row per (address, category), so a repeated unsubscribe changes nothing.
-- Not tied to users: recipients are addresses, and many are no user.
CREATE TABLE email_opt_outs (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    address     text        NOT NULL CONSTRAINT email_opt_outs_address_check
                                CHECK (address = lower(address) AND length(address) BETWEEN 3 AND 254
                                       AND position('@' IN address) > 1),
    category    text        NOT NULL CONSTRAINT email_opt_outs_category_check
                                CHECK (category ~ '^[a-z][a-z0-9_-]{0,39}$' AND category <> 'transactional'),
    -- 'link': the recipient's one-click unsubscribe; 'support': recorded by staff.
    source      text        NOT NULL CONSTRAINT email_opt_outs_source_check CHECK (source IN ('link', 'support')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_opt_outs_address_category_key UNIQUE (address, category)
);
CREATE TRIGGER email_opt_outs_touch BEFORE UPDATE ON email_opt_outs
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- email_suppression_resets: support staff lifted the hard suppression of an address. Suppression is
-- derived from email_logs (a BOUNCED or COMPLAINED e-mail to the address); a reset makes bounces and
-- complaints up to reset_at no longer count, so a later bounce suppresses the address again.
CREATE TABLE email_suppression_resets (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    address     text        NOT NULL CONSTRAINT email_suppression_resets_address_check
                                CHECK (address = lower(address) AND length(address) BETWEEN 3 AND 254
                                       AND position('@' IN address) > 1),
    reset_at    timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_suppression_resets_address_key UNIQUE (address)
);
CREATE TRIGGER email_suppression_resets_touch BEFORE UPDATE ON email_suppression_resets
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- email_domain_windows: how many e-mails to a recipient domain workers claimed in the current
-- minute (MessagingOptions.domainRateLimit). One row per domain, moved to the new window by the
-- claim that first sees it; the claim's INSERT .. ON CONFLICT DO UPDATE locks the row until the claim
-- commits, so concurrent workers (any instance) count one after the other and never exceed the limit.
CREATE TABLE email_domain_windows (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    domain        text        NOT NULL CONSTRAINT email_domain_windows_domain_check
                                  CHECK (domain = lower(domain) AND length(domain) BETWEEN 1 AND 253),
    window_start  timestamptz NOT NULL,
    claimed       integer     NOT NULL CONSTRAINT email_domain_windows_claimed_check CHECK (claimed >= 0),
    -- What the last claim was granted (claimed after it minus before it): read back in the same statement.
    last_grant    integer     NOT NULL DEFAULT 0 CONSTRAINT email_domain_windows_last_grant_check CHECK (last_grant >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_domain_windows_domain_key UNIQUE (domain)
);
CREATE TRIGGER email_domain_windows_touch BEFORE UPDATE ON email_domain_windows
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

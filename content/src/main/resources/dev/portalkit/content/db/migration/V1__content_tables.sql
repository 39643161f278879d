-- portalkit-content, version 1: resource cards and their steps, timelines, form submissions.
-- Needs portalkit-core (portalkit_touch_updated_at) and portalkit-auth (users).
-- Statuses and kinds may grow: text + CHECK, since a new enum value cannot be used in the
-- transaction that adds it.

-- ---------------------------------------------------------------------------------------------
-- resource_cards: soft-deleted (deleted_at); the slug is unique among live cards only. A card
-- survives its author's removal (ON DELETE SET NULL).
CREATE TABLE resource_cards (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    slug             text        NOT NULL CONSTRAINT resource_cards_slug_format
                                 CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary          text        CHECK (length(summary) <= 1000),
    body             text        NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
    category         text        CHECK (category ~ '^[a-z0-9]+([_-][a-z0-9]+)*$' AND length(category) <= 50),
    tags             text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20 AND array_position(tags, NULL) IS NULL),
    cover_image_url  text        CHECK (length(cover_image_url) <= 2000),
    author_id        uuid        CONSTRAINT resource_cards_author_fkey REFERENCES users (id) ON DELETE SET NULL,
    status           text        NOT NULL DEFAULT 'DRAFT'
                                 CONSTRAINT resource_cards_status_check CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
    -- First publication; kept when a card is unpublished, and from then on the slug is fixed.
    published_at     timestamptz,
    position         integer     NOT NULL DEFAULT 0 CHECK (position >= 0),
    metadata         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    version          bigint      NOT NULL DEFAULT 1,
    -- Language-neutral ('simple': no stemming, no stop words); title outranks summary outranks body.
    search_vector    tsvector    GENERATED ALWAYS AS (
                         setweight(to_tsvector('simple'::regconfig, title), 'A')
                         || setweight(to_tsvector('simple'::regconfig, coalesce(summary, '')), 'B')
                         || setweight(to_tsvector('simple'::regconfig, body), 'C')) STORED,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    CONSTRAINT resource_cards_published CHECK (status <> 'PUBLISHED' OR published_at IS NOT NULL)
);
CREATE UNIQUE INDEX resource_cards_slug_live_key ON resource_cards (slug) WHERE deleted_at IS NULL;
CREATE INDEX resource_cards_list_idx ON resource_cards (position, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX resource_cards_category_idx ON resource_cards (category, position, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX resource_cards_tags_idx ON resource_cards USING gin (tags) WHERE deleted_at IS NULL;
CREATE INDEX resource_cards_search_idx ON resource_cards USING gin (search_vector);
CREATE INDEX resource_cards_author_idx ON resource_cards (author_id);
CREATE TRIGGER resource_cards_touch BEFORE UPDATE ON resource_cards
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- resource_steps: go with their card (ON DELETE CASCADE). Positions are 0..n-1 per card: unique
-- (deferrable, so one UPDATE can renumber a run of steps) and contiguous (checked at commit).
CREATE TABLE resource_steps (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    card_id            uuid        NOT NULL REFERENCES resource_cards (id) ON DELETE CASCADE,
    position           integer     NOT NULL CHECK (position >= 0),
    title              text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body               text        NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    estimated_minutes  integer     CHECK (estimated_minutes BETWEEN 0 AND 10000),
    media_url          text        CHECK (length(media_url) <= 2000),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- Its index (card_id, position) also serves the foreign key.
    CONSTRAINT resource_steps_card_position_key UNIQUE (card_id, position) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE TRIGGER resource_steps_touch BEFORE UPDATE ON resource_steps
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- With the unique constraint, "max(position) = count - 1" means exactly 0..n-1. Deferred to
-- commit, so a host's own multi-statement renumbering is judged on its result.
CREATE FUNCTION resource_steps_check_contiguous() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = ${flyway:defaultSchema}
AS $$
DECLARE
    card  uuid;
    n     bigint;
    top   integer;
BEGIN
    FOREACH card IN ARRAY ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.card_id END,
                                CASE WHEN TG_OP <> 'DELETE' THEN NEW.card_id END] LOOP
        CONTINUE WHEN card IS NULL;
        SELECT count(*), max(position) INTO n, top FROM resource_steps WHERE card_id = card;
        IF n > 0 AND top <> n - 1 THEN
            RAISE EXCEPTION 'the steps of resource card % are not numbered 0 to %', card, n - 1
                USING ERRCODE = 'check_violation', CONSTRAINT = 'resource_steps_contiguous';
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER resource_steps_contiguous
    AFTER INSERT OR DELETE OR UPDATE OF position, card_id ON resource_steps
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION resource_steps_check_contiguous();

-- ---------------------------------------------------------------------------------------------
-- timeline_items: a timeline is either a user's (its items go with the user, ON DELETE CASCADE)
-- or a project's, named by a key the host chooses. Positions are 0..n-1 per timeline.
CREATE TABLE timeline_items (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid        CONSTRAINT timeline_items_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    project_key   text        CHECK (project_key ~ '^[A-Za-z0-9]+([._:-][A-Za-z0-9]+)*$' AND length(project_key) <= 100),
    title         text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description   text        CHECK (length(description) <= 5000),
    kind          text        NOT NULL DEFAULT 'TASK'
                              CONSTRAINT timeline_items_kind_check CHECK (kind IN ('MILESTONE', 'TASK', 'EVENT')),
    status        text        NOT NULL DEFAULT 'PLANNED'
                              CONSTRAINT timeline_items_status_check CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'DONE', 'BLOCKED')),
    due_at        timestamptz,
    occurs_at     timestamptz,
    completed_at  timestamptz,
    position      integer     NOT NULL CHECK (position >= 0),
    metadata      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT timeline_items_owner CHECK ((user_id IS NULL) <> (project_key IS NULL)),
    CONSTRAINT timeline_items_completed CHECK ((status = 'DONE') = (completed_at IS NOT NULL)),
    -- Its index also serves the user_id foreign key and both kinds of timeline lookup.
    CONSTRAINT timeline_items_position_key UNIQUE NULLS NOT DISTINCT (user_id, project_key, position)
        DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX timeline_items_project_idx ON timeline_items (project_key, position) WHERE project_key IS NOT NULL;
CREATE TRIGGER timeline_items_touch BEFORE UPDATE ON timeline_items
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();

-- ---------------------------------------------------------------------------------------------
-- form_submissions: contact forms and lead capture. The submitter and the handler are optional
-- users; a submission outlives both (ON DELETE SET NULL). Anonymised rows keep only the form, the
-- status and the dates.
CREATE TABLE form_submissions (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    form_key       text        NOT NULL CHECK (form_key ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' AND length(form_key) <= 100),
    name           text        CHECK (length(name) <= 200),
    email          text        CHECK (length(email) <= 254),
    subject        text        CHECK (length(subject) <= 200),
    message        text        CHECK (length(message) <= 20000),
    fields         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
    status         text        NOT NULL DEFAULT 'NEW'
                               CONSTRAINT form_submissions_status_check
                               CHECK (status IN ('NEW', 'READ', 'REPLIED', 'SPAM', 'ARCHIVED')),
    source_ip      inet,
    user_agent     text        CHECK (length(user_agent) <= 512),
    user_id        uuid        CONSTRAINT form_submissions_user_fkey REFERENCES users (id) ON DELETE SET NULL,
    handled_by     uuid        CONSTRAINT form_submissions_handled_by_fkey REFERENCES users (id) ON DELETE SET NULL,
    handled_at     timestamptz,
    submitted_at   timestamptz NOT NULL,
    anonymised_at  timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT form_submissions_contact CHECK (anonymised_at IS NOT NULL OR (name IS NOT NULL AND email IS NOT NULL))
);
CREATE INDEX form_submissions_list_idx ON form_submissions (submitted_at DESC, id DESC);
CREATE INDEX form_submissions_form_idx ON form_submissions (form_key, submitted_at DESC, id DESC);
CREATE INDEX form_submissions_status_idx ON form_submissions (status, submitted_at DESC, id DESC);
CREATE INDEX form_submissions_rate_idx ON form_submissions (form_key, source_ip, submitted_at) WHERE source_ip IS NOT NULL;
CREATE INDEX form_submissions_user_idx ON form_submissions (user_id);
CREATE INDEX form_submissions_handled_by_idx ON form_submissions (handled_by);
CREATE TRIGGER form_submissions_touch BEFORE UPDATE ON form_submissions
    FOR EACH ROW EXECUTE FUNCTION portalkit_touch_updated_at();
